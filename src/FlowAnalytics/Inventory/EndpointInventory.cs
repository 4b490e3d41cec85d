using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// What the account's inventory says about ENIs, VPC endpoints and subnets, with the lookups
/// attribution makes per flow record: interface-id → ENI, an address → the endpoint ENI that owns
/// it, a client address → its subnet (and so its zone). ENIs, endpoints, subnets and VPCs are
/// numbered densely (their position in the lists here). Immutable once loaded; the lookups
/// allocate nothing and are safe to call from many threads.
/// </summary>
public sealed class EndpointInventory
{
    private readonly NetworkInterfaceEntry[] _interfaces;
    private readonly VpcEndpointEntry[] _endpoints;
    private readonly SubnetEntry[] _subnets;
    private readonly string[] _vpcs;
    private readonly Bits128IndexMap _interfaceById;
    private readonly EndpointAddressIndex _endpointAddresses;
    private readonly SubnetPrefixIndex _subnetPrefixes;

    internal EndpointInventory(NetworkInterfaceEntry[] interfaces, VpcEndpointEntry[] endpoints, SubnetEntry[] subnets, string[] vpcs)
    {
        _interfaces = interfaces;
        _endpoints = endpoints;
        _subnets = subnets;
        _vpcs = vpcs;
        _interfaceById = new Bits128IndexMap(interfaces.Length);
        foreach (NetworkInterfaceEntry entry in interfaces)
        {
            _interfaceById.TryAdd(entry.ResourceId.Packed, entry.Index);
        }

        _endpointAddresses = new EndpointAddressIndex(interfaces);
        _subnetPrefixes = new SubnetPrefixIndex(subnets);
    }

    /// <summary>An inventory that knows nothing: every lookup misses.</summary>
    public static EndpointInventory Empty { get; } = new([], [], [], []);

    /// <summary>Every ENI, endpoint or not, by dense index.</summary>
    public IReadOnlyList<NetworkInterfaceEntry> Interfaces => _interfaces;

    /// <summary>Every VPC endpoint by dense index, including those known only from ENI descriptions.</summary>
    public IReadOnlyList<VpcEndpointEntry> Endpoints => _endpoints;

    /// <summary>Every subnet by dense index.</summary>
    public IReadOnlyList<SubnetEntry> Subnets => _subnets;

    /// <summary>The VPC ids of subnets and ENIs by dense index (first appearance: subnets, then ENIs).</summary>
    public IReadOnlyList<string> Vpcs => _vpcs;

    /// <summary>
    /// Loads the files <c>--inventory</c> names: the JSON printed by <c>aws ec2
    /// describe-network-interfaces</c>, <c>describe-vpc-endpoints</c> and <c>describe-subnets</c>, in
    /// any order and number, pages in separate files or appended to one. What each file holds is
    /// detected by its content. A directory stands for its <c>*.json</c> files (not its subdirectories).
    /// </summary>
    /// <exception cref="InventoryFormatException">A file is not valid JSON or not one of those outputs.</exception>
    /// <exception cref="FileNotFoundException">A path names neither a file nor a directory.</exception>
    public static EndpointInventory Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var builder = new InventoryBuilder();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                string[] files = Directory.GetFiles(path, "*.json", SearchOption.TopDirectoryOnly);
                Array.Sort(files, StringComparer.Ordinal);
                foreach (string file in files)
                {
                    InventoryFileReader.Read(file, File.ReadAllBytes(file), builder);
                }
            }
            else
            {
                InventoryFileReader.Read(
                    path, File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"No such inventory file or directory: {path}", path), builder);
            }
        }

        return builder.Build();
    }

    /// <summary>Finds the ENI a flow record's interface-id names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFindInterface(ResourceId id, out int index) => _interfaceById.TryGetValue(id.Packed, out index);

    /// <summary>Finds the endpoint ENI whose private address (IPv4 or IPv6) is <paramref name="address"/>.</summary>
    public bool TryFindEndpointInterface(FlowAddress address, out int index) => TryFindEndpointInterface(address, -1, out index);

    /// <summary>
    /// Finds the endpoint ENI whose private address is <paramref name="address"/>, preferring one in
    /// VPC <paramref name="preferredVpc"/> (a dense VPC index, -1 for none) when VPCs with
    /// overlapping CIDRs reuse the address.
    /// </summary>
    public bool TryFindEndpointInterface(FlowAddress address, int preferredVpc, out int index)
    {
        index = _endpointAddresses.Find(address, preferredVpc);
        return index >= 0;
    }

    /// <summary>Finds the subnet whose CIDR block holds <paramref name="address"/>, longest prefix first.</summary>
    public bool TryFindSubnet(FlowAddress address, out int index) => TryFindSubnet(address, -1, out index);

    /// <summary>
    /// Finds the subnet whose CIDR block holds <paramref name="address"/>, longest prefix first,
    /// preferring subnets of VPC <paramref name="preferredVpc"/> (a dense VPC index, -1 for none):
    /// VPCs with overlapping CIDRs can each have a subnet holding the address, and the one in the
    /// observing ENI's VPC is the one the traffic came from.
    /// </summary>
    public bool TryFindSubnet(FlowAddress address, int preferredVpc, out int index)
    {
        index = _subnetPrefixes.Find(address, preferredVpc);
        return index >= 0;
    }
}
