using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// One network interface (ENI) of the inventory, endpoint or not, as attribution and the
/// <c>eni_traffic</c> table need it. Text values are exactly what the AWS CLI printed; null when
/// the inventory did not say.
/// </summary>
public sealed record NetworkInterfaceEntry
{
    /// <summary>The dense index: this entry's position in <see cref="EndpointInventory.Interfaces"/>.</summary>
    public int Index { get; init; } = -1;

    /// <summary>The ENI id as text (<c>eni-0a1b2c3d4e5f60718</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The ENI id as the flow-log reader yields it.</summary>
    public required ResourceId ResourceId { get; init; }

    /// <summary>The <c>InterfaceType</c> (<c>interface</c>, <c>vpc_endpoint</c>, <c>nat_gateway</c>, …).</summary>
    public string? InterfaceType { get; init; }

    /// <summary>The <c>Description</c>.</summary>
    public string? Description { get; init; }

    /// <summary>The VPC id (<c>vpc-…</c>).</summary>
    public string? VpcId { get; init; }

    /// <summary>The VPC's dense index in <see cref="EndpointInventory.Vpcs"/>, or -1 when unknown.</summary>
    public int VpcIndex { get; init; } = -1;

    /// <summary>The subnet id (<c>subnet-…</c>).</summary>
    public string? SubnetId { get; init; }

    /// <summary>The subnet's dense index in <see cref="EndpointInventory.Subnets"/>, or -1 when describe-subnets did not list it.</summary>
    public int SubnetIndex { get; init; } = -1;

    /// <summary>The availability zone name (<c>us-east-1a</c>; the name-to-zone mapping differs per account).</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>The availability zone id (<c>use1-az4</c>; the same physical zone in every account), from the ENI or else its subnet.</summary>
    public string? AvailabilityZoneId { get; init; }

    /// <summary>The region, derived from the zone name or else from the endpoint's service name.</summary>
    public string? Region { get; init; }

    /// <summary>The owning account (<c>OwnerId</c>, 12 digits).</summary>
    public string? OwnerId { get; init; }

    /// <summary>The private addresses: the primary IPv4 first, then secondary IPv4, then IPv6.</summary>
    public IReadOnlyList<FlowAddress> Addresses { get; init; } = [];

    /// <summary>
    /// True for an interface endpoint's ENI: <c>InterfaceType</c> <c>vpc_endpoint</c>, a
    /// <c>VPC Endpoint Interface vpce-…</c> description, or listed in an endpoint's <c>NetworkInterfaceIds</c>.
    /// </summary>
    public bool IsEndpointInterface { get; init; }

    /// <summary>The endpoint's dense index in <see cref="EndpointInventory.Endpoints"/>, or -1 when not an endpoint ENI or its endpoint id is unknown.</summary>
    public int EndpointIndex { get; init; } = -1;

    /// <summary>
    /// False for an ENI known only from an endpoint's <c>NetworkInterfaceIds</c> (describe-network-interfaces
    /// did not list it): its id, VPC and endpoint are known, its addresses and zone are not.
    /// </summary>
    public bool IsDescribed { get; init; } = true;
}
