using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// Exact match from a private address to the endpoint ENI holding it. Two VPCs with overlapping
/// CIDRs can give two endpoint ENIs the same address, so equal addresses chain and a preferred
/// VPC picks among them.
/// </summary>
internal sealed class EndpointAddressIndex
{
    private readonly Bits128IndexMap _firstSlot;
    private readonly int[] _slotInterface;
    private readonly int[] _nextSameAddress;
    private readonly int[] _interfaceVpc;

    /// <summary>Indexes the addresses of the endpoint ENIs among <paramref name="interfaces"/>.</summary>
    public EndpointAddressIndex(NetworkInterfaceEntry[] interfaces)
    {
        var addresses = new List<Bits128>();
        var owners = new List<int>();
        _interfaceVpc = new int[interfaces.Length];
        foreach (NetworkInterfaceEntry entry in interfaces)
        {
            _interfaceVpc[entry.Index] = entry.VpcIndex;
            if (!entry.IsEndpointInterface)
            {
                continue;
            }

            foreach (FlowAddress address in entry.Addresses)
            {
                addresses.Add(address.Value);
                owners.Add(entry.Index);
            }
        }

        _slotInterface = owners.ToArray();
        _nextSameAddress = new int[addresses.Count];
        Array.Fill(_nextSameAddress, -1);
        _firstSlot = new Bits128IndexMap(addresses.Count);
        var lastSlot = new Dictionary<Bits128, int>();
        for (int slot = 0; slot < addresses.Count; slot++)
        {
            if (lastSlot.TryGetValue(addresses[slot], out int last))
            {
                _nextSameAddress[last] = slot;
            }
            else
            {
                _firstSlot.TryAdd(addresses[slot], slot);
            }

            lastSlot[addresses[slot]] = slot;
        }
    }

    /// <summary>The ENI index holding <paramref name="address"/> (one in <paramref name="preferredVpc"/> if any), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(FlowAddress address, int preferredVpc)
    {
        if (!_firstSlot.TryGetValue(address.Value, out int first))
        {
            return -1;
        }

        if (preferredVpc >= 0)
        {
            for (int slot = first; slot >= 0; slot = _nextSameAddress[slot])
            {
                if (_interfaceVpc[_slotInterface[slot]] == preferredVpc)
                {
                    return _slotInterface[slot];
                }
            }
        }

        return _slotInterface[first];
    }
}
