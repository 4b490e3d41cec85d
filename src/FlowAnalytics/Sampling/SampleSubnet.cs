using FlowAnalytics.Records;

namespace FlowAnalytics.Sampling;

/// <summary>A subnet of the sample VPC: an IPv4 CIDR and an IPv6 /64 in one availability zone.</summary>
internal sealed class SampleSubnet
{
    private readonly HashSet<uint> _usedHosts = [];

    /// <summary>Creates a subnet; <paramref name="ipv6Prefix"/> is the upper 64 bits of its /64.</summary>
    public SampleSubnet(string id, SampleZone zone, SampleSubnetRole role, uint ipv4Network, int ipv4PrefixLength, ulong ipv6Prefix, string ipv6AssociationId)
    {
        Id = id;
        Zone = zone;
        Role = role;
        Ipv4Network = ipv4Network;
        Ipv4PrefixLength = ipv4PrefixLength;
        Ipv6Prefix = ipv6Prefix;
        Ipv6AssociationId = ipv6AssociationId;
    }

    /// <summary><c>subnet-…</c></summary>
    public string Id { get; }

    /// <summary>The subnet's availability zone.</summary>
    public SampleZone Zone { get; }

    /// <summary>What the subnet holds.</summary>
    public SampleSubnetRole Role { get; }

    /// <summary>The IPv4 network address (a.b.c.d as a&lt;&lt;24 | …).</summary>
    public uint Ipv4Network { get; }

    /// <summary>The IPv4 prefix length.</summary>
    public int Ipv4PrefixLength { get; }

    /// <summary>The upper 64 bits of the subnet's IPv6 /64.</summary>
    public ulong Ipv6Prefix { get; }

    /// <summary><c>subnet-cidr-assoc-…</c></summary>
    public string Ipv6AssociationId { get; }

    /// <summary>The Name tag, e.g. <c>endpoints-us-east-1a</c>.</summary>
    public string Name => $"{Role.ToString().ToLowerInvariant()}-{Zone.Name}";

    /// <summary>The IPv4 CIDR as AWS prints it (<c>10.0.16.0/20</c>).</summary>
    public string CidrBlock => $"{FlowAddress.FromIPv4(Ipv4Network)}/{Ipv4PrefixLength}";

    /// <summary>The IPv6 CIDR as AWS prints it (<c>2600:1f18:…:ab01::/64</c>).</summary>
    public string Ipv6CidrBlock => $"{FlowAddress.FromIPv6(Ipv6Prefix, 0)}/64";

    /// <summary>Addresses AWS would still hand out: the size less the 5 it reserves, less those in use.</summary>
    public int AvailableIpAddressCount => (1 << (32 - Ipv4PrefixLength)) - 5 - _usedHosts.Count;

    /// <summary>True when <paramref name="address"/> lies in the IPv4 or the IPv6 CIDR.</summary>
    public bool Contains(FlowAddress address)
    {
        if (address.IsIPv4)
        {
            uint mask = uint.MaxValue << (32 - Ipv4PrefixLength);
            return (address.IPv4 & mask) == Ipv4Network;
        }

        return address.Value.High == Ipv6Prefix;
    }

    /// <summary>
    /// Picks an unused host address. AWS reserves the first four addresses and the last one of
    /// every subnet, so those are never handed out.
    /// </summary>
    public uint AllocateIpv4(SampleRandom random)
    {
        int size = 1 << (32 - Ipv4PrefixLength);
        while (true)
        {
            uint host = (uint)random.Next(4, size - 1);
            if (_usedHosts.Add(host))
            {
                return Ipv4Network | host;
            }
        }
    }

    /// <summary>Picks an IPv6 interface id in the subnet (random, as AWS assigns them).</summary>
    public FlowAddress AllocateIpv6(SampleRandom random)
    {
        ulong interfaceId = random.NextUInt64() | 1; // never the subnet-router anycast address
        return FlowAddress.FromIPv6(Ipv6Prefix, interfaceId);
    }
}
