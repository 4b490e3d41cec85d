using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// Longest-prefix match from an address to the subnet whose CIDR block holds it. One hash table per
/// distinct prefix length, probed longest first, so a lookup costs one probe per length in use
/// (an account typically has two or three IPv4 lengths and one IPv6 length), whatever the number
/// of subnets. IPv4 and IPv6 keep separate length lists, so the families never cross-match.
/// </summary>
internal sealed class SubnetPrefixIndex
{
    private readonly PrefixLevel[] _ipv4;
    private readonly PrefixLevel[] _ipv6;

    // One entry per (block, subnet); blocks shared by subnets of different VPCs (overlapping VPC
    // CIDRs across VPCs or accounts) chain through _nextSameBlock so a preferred VPC can pick.
    private readonly int[] _entrySubnet;
    private readonly int[] _nextSameBlock;
    private readonly int[] _subnetVpc;

    /// <summary>Indexes every CIDR block of <paramref name="subnets"/>.</summary>
    public SubnetPrefixIndex(IReadOnlyList<SubnetEntry> subnets)
    {
        var entrySubnet = new List<int>();
        var blocks = new List<CidrBlock>();
        _subnetVpc = new int[subnets.Count];
        for (int s = 0; s < subnets.Count; s++)
        {
            _subnetVpc[s] = subnets[s].VpcIndex;
            foreach (CidrBlock block in subnets[s].CidrBlocks)
            {
                entrySubnet.Add(s);
                blocks.Add(block);
            }
        }

        _entrySubnet = entrySubnet.ToArray();
        _nextSameBlock = new int[blocks.Count];
        Array.Fill(_nextSameBlock, -1);
        _ipv4 = BuildLevels(blocks, ipv4: true, _nextSameBlock);
        _ipv6 = BuildLevels(blocks, ipv4: false, _nextSameBlock);
    }

    /// <summary>
    /// The subnet holding <paramref name="address"/> with the longest block, or -1. With
    /// <paramref name="preferredVpc"/> ≥ 0 a subnet of that VPC wins over any other VPC's; without a
    /// subnet of that VPC the plain longest match is returned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(FlowAddress address, int preferredVpc)
    {
        PrefixLevel[] levels = address.IsIPv4 ? _ipv4 : _ipv6;
        int fallback = -1;
        for (int i = 0; i < levels.Length; i++)
        {
            ref readonly PrefixLevel level = ref levels[i];
            if (!level.Entries.TryGetValue(address.Value & level.Mask, out int entry))
            {
                continue;
            }

            if (preferredVpc < 0)
            {
                return _entrySubnet[entry];
            }

            for (int e = entry; e >= 0; e = _nextSameBlock[e])
            {
                if (_subnetVpc[_entrySubnet[e]] == preferredVpc)
                {
                    return _entrySubnet[e];
                }
            }

            if (fallback < 0)
            {
                fallback = _entrySubnet[entry];
            }
        }

        return fallback;
    }

    private static PrefixLevel[] BuildLevels(List<CidrBlock> blocks, bool ipv4, int[] nextSameBlock)
    {
        // Count blocks per 128-bit prefix length so each level's map is sized exactly once.
        Span<int> perLength = stackalloc int[129];
        for (int b = 0; b < blocks.Count; b++)
        {
            if (blocks[b].IsIPv4 == ipv4)
            {
                perLength[blocks[b].PrefixBits]++;
            }
        }

        var levels = new List<PrefixLevel>();
        for (int bits = 128; bits >= 0; bits--)
        {
            if (perLength[bits] == 0)
            {
                continue;
            }

            var map = new Bits128IndexMap(perLength[bits]);
            for (int b = 0; b < blocks.Count; b++)
            {
                CidrBlock block = blocks[b];
                if (block.IsIPv4 != ipv4 || block.PrefixBits != bits)
                {
                    continue;
                }

                if (!map.TryAdd(block.Network.Value, b) && map.TryGetValue(block.Network.Value, out int head))
                {
                    // Append to the chain of the block already present, keeping first-seen order.
                    int last = head;
                    while (nextSameBlock[last] >= 0)
                    {
                        last = nextSameBlock[last];
                    }

                    nextSameBlock[last] = b;
                }
            }

            levels.Add(new PrefixLevel(Bits128.LeadingOnes(bits), map));
        }

        return levels.ToArray();
    }

    private readonly record struct PrefixLevel(Bits128 Mask, Bits128IndexMap Entries);
}
