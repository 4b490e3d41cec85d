using System.Runtime.CompilerServices;
using FlowAnalytics.Inventory;
using FlowAnalytics.Records;

namespace FlowAnalytics.Attribution;

/// <summary>
/// Decides, record by record, whether traffic belongs to a VPC interface endpoint, seen from which
/// end, in which direction, and from which client subnet (DESIGN §4). Stateless apart from the
/// inventory, so one instance serves every worker.
/// </summary>
public sealed class EndpointAttributor
{
    private const ulong SrcBit = 1UL << (int)FlowField.SrcAddr;
    private const ulong DstBit = 1UL << (int)FlowField.DstAddr;

    private readonly EndpointInventory _inventory;
    private readonly bool[] _isEndpoint;
    private readonly bool[] _isNatGateway;
    private readonly int[] _vpcOf;
    private readonly FlowAddress[][] _addressesOf;

    /// <summary>Creates an attributor over an inventory.</summary>
    public EndpointAttributor(EndpointInventory inventory)
    {
        _inventory = inventory;
        _isEndpoint = new bool[inventory.Interfaces.Count];
        _isNatGateway = new bool[inventory.Interfaces.Count];
        _vpcOf = new int[inventory.Interfaces.Count];
        _addressesOf = new FlowAddress[inventory.Interfaces.Count][];
        for (int i = 0; i < _isEndpoint.Length; i++)
        {
            _isEndpoint[i] = inventory.Interfaces[i].IsEndpointInterface;
            _isNatGateway[i] = inventory.Interfaces[i].InterfaceType == "nat_gateway";
            _vpcOf[i] = inventory.Interfaces[i].VpcIndex;
            _addressesOf[i] = [.. inventory.Interfaces[i].Addresses];
        }
    }

    /// <summary>The inventory attributions refer to.</summary>
    public EndpointInventory Inventory => _inventory;

    /// <summary>
    /// Attributes a record logged at <paramref name="interfaceIndex"/> (inventory index, -1 when
    /// the ENI is not in the inventory). <paramref name="presence"/> says which of the addresses
    /// exist; <paramref name="flowDirection"/> is 0 when the record has no flow-direction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAttribute(
        int interfaceIndex, ulong presence, FlowAddress source, FlowAddress destination, FlowDirection flowDirection,
        out EndpointAttribution attribution)
    {
        bool hasSource = (presence & SrcBit) != 0;
        bool hasDestination = (presence & DstBit) != 0;
        if (interfaceIndex >= 0 && _isEndpoint[interfaceIndex])
        {
            EndpointDirection direction = flowDirection switch
            {
                FlowDirection.Ingress => EndpointDirection.ToEndpoint,
                FlowDirection.Egress => EndpointDirection.FromEndpoint,
                _ => hasDestination && Owns(interfaceIndex, destination) ? EndpointDirection.ToEndpoint
                    : hasSource && Owns(interfaceIndex, source) ? EndpointDirection.FromEndpoint
                    : EndpointDirection.Unknown,
            };
            bool hasClient = direction == EndpointDirection.ToEndpoint ? hasSource
                : direction == EndpointDirection.FromEndpoint && hasDestination;
            FlowAddress client = direction == EndpointDirection.ToEndpoint ? source : destination;
            attribution = new EndpointAttribution(
                interfaceIndex, ObservedAt.EndpointEni, direction, hasClient, hasClient ? client : default,
                hasClient ? FindSubnet(client, _vpcOf[interfaceIndex]) : -1);
            return true;
        }

        int vpc = interfaceIndex >= 0 ? _vpcOf[interfaceIndex] : -1;
        if (hasDestination && _inventory.TryFindEndpointInterface(destination, vpc, out int endpoint))
        {
            attribution = new EndpointAttribution(
                endpoint, ObservedAt.ClientEni, EndpointDirection.ToEndpoint, hasSource, hasSource ? source : default,
                hasSource ? FindSubnet(source, _vpcOf[endpoint]) : -1);
            return true;
        }

        if (hasSource && _inventory.TryFindEndpointInterface(source, vpc, out endpoint))
        {
            attribution = new EndpointAttribution(
                endpoint, ObservedAt.ClientEni, EndpointDirection.FromEndpoint, hasDestination, hasDestination ? destination : default,
                hasDestination ? FindSubnet(destination, _vpcOf[endpoint]) : -1);
            return true;
        }

        attribution = default;
        return false;
    }

    /// <summary>True when the ENI is a NAT gateway's (<c>InterfaceType: nat_gateway</c>), looked up per record without a string compare.</summary>
    public bool IsNatGateway(int interfaceIndex) => _isNatGateway[interfaceIndex];

    /// <summary>True when the address is one of the ENI's own (any ENI in the inventory).</summary>
    public bool Owns(int interfaceIndex, FlowAddress address)
    {
        // Arrays copied from the inventory's lists: a list through its interface costs a call per element.
        foreach (FlowAddress own in _addressesOf[interfaceIndex])
        {
            if (own == address)
            {
                return true;
            }
        }

        return false;
    }

    private int FindSubnet(FlowAddress address, int vpc) => _inventory.TryFindSubnet(address, vpc, out int subnet) ? subnet : -1;
}
