using System.Text;

namespace FlowAnalytics.Sampling;

/// <summary>
/// The network the sample bucket describes: one account, one region, one dual-stack VPC over three
/// AZs, interface endpoints for a few services, client instances in every AZ and a NAT gateway.
/// Built from the seed alone (<see cref="Create"/>), read-only afterwards and shared by the
/// threads that write flow-log objects.
/// </summary>
internal sealed partial class SampleScenario
{
    /// <summary>The region every resource lives in.</summary>
    public const string Region = "us-east-1";

    /// <summary>The VPC's IPv4 CIDR.</summary>
    public const string VpcCidrBlock = "10.0.0.0/16";

    private SampleScenario(string accountId, string vpcId, ulong vpcIpv6Prefix, string flowLogId, string natGatewayId)
    {
        AccountId = accountId;
        VpcId = vpcId;
        VpcIpv6Prefix = vpcIpv6Prefix;
        FlowLogId = flowLogId;
        NatGatewayId = natGatewayId;
        AccountIdUtf8 = Encoding.ASCII.GetBytes(accountId);
        VpcIdUtf8 = Encoding.ASCII.GetBytes(vpcId);
    }

    /// <summary>The 12-digit account id.</summary>
    public string AccountId { get; }

    /// <summary><c>vpc-…</c></summary>
    public string VpcId { get; }

    /// <summary>The upper 64 bits of the VPC's IPv6 /56 (the low 8 of them are zero).</summary>
    public ulong VpcIpv6Prefix { get; }

    /// <summary>The flow log's id (<c>fl-…</c>), part of every object key.</summary>
    public string FlowLogId { get; }

    /// <summary>The NAT gateway's id (<c>nat-…</c>).</summary>
    public string NatGatewayId { get; }

    /// <summary>The account id as record text.</summary>
    public byte[] AccountIdUtf8 { get; }

    /// <summary>The VPC id as record text.</summary>
    public byte[] VpcIdUtf8 { get; }

    /// <summary>The region as record text.</summary>
    public static ReadOnlySpan<byte> RegionUtf8 => "us-east-1"u8;

    /// <summary>The three AZs, in name order.</summary>
    public List<SampleZone> Zones { get; } = [];

    /// <summary>Every subnet: endpoint subnets, client subnets, then the public subnet.</summary>
    public List<SampleSubnet> Subnets { get; } = [];

    /// <summary>Every ENI (endpoints', clients', the NAT gateway's); <see cref="SampleInterface.Index"/> is the position.</summary>
    public List<SampleInterface> Interfaces { get; } = [];

    /// <summary>The interface endpoints.</summary>
    public List<SampleEndpoint> Endpoints { get; } = [];

    /// <summary>The client instances' ENIs.</summary>
    public List<SampleInterface> Clients { get; } = [];

    /// <summary>The NAT gateway's ENI.</summary>
    public SampleInterface NatGateway { get; private set; } = null!;

    /// <summary>The VPC's IPv6 CIDR as AWS prints it.</summary>
    public string VpcIpv6CidrBlock => $"{Records.FlowAddress.FromIPv6(VpcIpv6Prefix, 0)}/56";

    /// <summary>The subnet holding <paramref name="address"/>, or null when it is outside every subnet.</summary>
    public SampleSubnet? SubnetOf(Records.FlowAddress address)
    {
        foreach (SampleSubnet subnet in Subnets)
        {
            if (subnet.Contains(address))
            {
                return subnet;
            }
        }

        return null;
    }
}
