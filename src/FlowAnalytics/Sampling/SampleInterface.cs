using System.Text;
using FlowAnalytics.Records;

namespace FlowAnalytics.Sampling;

/// <summary>
/// An ENI of the sample scenario, with the UTF-8 text of every per-ENI field precomputed so the
/// record writer copies bytes instead of formatting ids and addresses for each record.
/// </summary>
internal sealed class SampleInterface
{
    private static readonly byte[] Dash = "-"u8.ToArray();

    /// <summary>Creates an ENI; <paramref name="owner"/> is the instance, endpoint or NAT gateway id.</summary>
    public SampleInterface(
        int index, string id, SampleInterfaceKind kind, SampleSubnet subnet, uint ipv4, FlowAddress ipv6, string owner,
        string macAddress, string securityGroupId, string attachmentId)
    {
        Index = index;
        Id = id;
        Kind = kind;
        Subnet = subnet;
        Ipv4 = ipv4;
        Ipv6 = ipv6;
        Owner = owner;
        MacAddress = macAddress;
        SecurityGroupId = securityGroupId;
        AttachmentId = attachmentId;
        IdUtf8 = Encoding.ASCII.GetBytes(id);
        SubnetIdUtf8 = Encoding.ASCII.GetBytes(subnet.Id);
        // Requester-managed ENIs (endpoints, NAT gateways) have no instance: AWS writes '-'.
        InstanceIdUtf8 = kind == SampleInterfaceKind.Client ? Encoding.ASCII.GetBytes(owner) : Dash;
        Ipv4Utf8 = Encoding.ASCII.GetBytes(Ipv4Text);
        Ipv6Utf8 = Encoding.ASCII.GetBytes(Ipv6Text);
    }

    /// <summary>Position in <see cref="SampleScenario.Interfaces"/>.</summary>
    public int Index { get; }

    /// <summary><c>eni-…</c></summary>
    public string Id { get; }

    /// <summary>What the ENI belongs to.</summary>
    public SampleInterfaceKind Kind { get; }

    /// <summary>The ENI's subnet (and so its AZ).</summary>
    public SampleSubnet Subnet { get; }

    /// <summary>The AZ of the ENI.</summary>
    public SampleZone Zone => Subnet.Zone;

    /// <summary>The primary private IPv4 address.</summary>
    public uint Ipv4 { get; }

    /// <summary>The IPv6 address.</summary>
    public FlowAddress Ipv6 { get; }

    /// <summary>The instance id (<c>i-…</c>), endpoint id (<c>vpce-…</c>) or NAT gateway id (<c>nat-…</c>).</summary>
    public string Owner { get; }

    /// <summary>The MAC address.</summary>
    public string MacAddress { get; }

    /// <summary>The ENI's security group.</summary>
    public string SecurityGroupId { get; }

    /// <summary>The attachment id (<c>eni-attach-…</c>).</summary>
    public string AttachmentId { get; }

    /// <summary>
    /// True for the endpoint ENI that clients almost never use (an AZ where the endpoint exists but
    /// its clients resolve other zones): it gets a trickle of traffic and mostly NODATA records.
    /// </summary>
    public bool IsIdle { get; init; }

    /// <summary>The IPv4 address as text.</summary>
    public string Ipv4Text => FlowAddress.FromIPv4(Ipv4).ToString();

    /// <summary>The IPv6 address as text (compressed form).</summary>
    public string Ipv6Text => Ipv6.ToString();

    /// <summary>The private DNS name EC2 gives the primary address (<c>ip-10-0-1-5.ec2.internal</c>).</summary>
    public string PrivateDnsName => $"ip-{Ipv4Text.Replace('.', '-')}.ec2.internal";

    /// <summary><c>interface-id</c> value.</summary>
    public byte[] IdUtf8 { get; }

    /// <summary><c>subnet-id</c> value.</summary>
    public byte[] SubnetIdUtf8 { get; }

    /// <summary><c>instance-id</c> value (<c>-</c> for requester-managed ENIs).</summary>
    public byte[] InstanceIdUtf8 { get; }

    /// <summary>The IPv4 address as record text.</summary>
    public byte[] Ipv4Utf8 { get; }

    /// <summary>The IPv6 address as record text.</summary>
    public byte[] Ipv6Utf8 { get; }

    /// <summary>The address of the given family as record text.</summary>
    public byte[] Address(bool ipv6) => ipv6 ? Ipv6Utf8 : Ipv4Utf8;
}
