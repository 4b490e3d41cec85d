namespace FlowAnalytics.Inventory;

/// <summary>
/// One subnet of the inventory: where a client address lives (its CIDR blocks) and which zone
/// that is. Text values are exactly what the AWS CLI printed; null when the inventory did not say.
/// </summary>
public sealed record SubnetEntry
{
    /// <summary>The dense index: this entry's position in <see cref="EndpointInventory.Subnets"/>.</summary>
    public int Index { get; init; } = -1;

    /// <summary>The subnet id (<c>subnet-…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The VPC id (<c>vpc-…</c>).</summary>
    public string? VpcId { get; init; }

    /// <summary>The VPC's dense index in <see cref="EndpointInventory.Vpcs"/>, or -1 when unknown.</summary>
    public int VpcIndex { get; init; } = -1;

    /// <summary>The availability zone name (<c>us-east-1a</c>).</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>The availability zone id (<c>use1-az4</c>).</summary>
    public string? AvailabilityZoneId { get; init; }

    /// <summary>The region, derived from the zone name.</summary>
    public string? Region { get; init; }

    /// <summary>The owning account (<c>OwnerId</c>).</summary>
    public string? OwnerId { get; init; }

    /// <summary>The IPv4 <c>CidrBlock</c> (if any) first, then the associated IPv6 blocks.</summary>
    public IReadOnlyList<CidrBlock> CidrBlocks { get; init; } = [];
}
