namespace FlowAnalytics.Inventory;

/// <summary>
/// One VPC endpoint of the inventory. Text values are exactly what the AWS CLI printed; null when
/// the inventory did not say.
/// </summary>
public sealed record VpcEndpointEntry
{
    /// <summary>The dense index: this entry's position in <see cref="EndpointInventory.Endpoints"/>.</summary>
    public int Index { get; init; } = -1;

    /// <summary>The endpoint id (<c>vpce-0c1d2e3f405060708</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The <c>VpcEndpointType</c> (<c>Interface</c>, <c>Gateway</c>, <c>GatewayLoadBalancer</c>, …).</summary>
    public string? Type { get; init; }

    /// <summary>The <c>ServiceName</c> (<c>com.amazonaws.us-east-1.s3</c>).</summary>
    public string? ServiceName { get; init; }

    /// <summary>The VPC id (<c>vpc-…</c>).</summary>
    public string? VpcId { get; init; }

    /// <summary>The <c>State</c> (<c>available</c>, <c>pending</c>, <c>deleted</c>, …).</summary>
    public string? State { get; init; }

    /// <summary>The owning account (<c>OwnerId</c>).</summary>
    public string? OwnerId { get; init; }

    /// <summary>The region, from the service name or else from its ENIs' zone.</summary>
    public string? Region { get; init; }

    /// <summary>The subnets it has ENIs in (<c>SubnetIds</c>).</summary>
    public IReadOnlyList<string> SubnetIds { get; init; } = [];

    /// <summary>Its ENIs (<c>NetworkInterfaceIds</c>; for an undescribed endpoint, the ENIs that name it).</summary>
    public IReadOnlyList<string> NetworkInterfaceIds { get; init; } = [];

    /// <summary>
    /// False for an endpoint known only from its ENIs' <c>VPC Endpoint Interface vpce-…</c>
    /// descriptions (describe-vpc-endpoints did not list it): then <see cref="Type"/>,
    /// <see cref="ServiceName"/> and <see cref="State"/> are null.
    /// </summary>
    public bool IsDescribed { get; init; } = true;
}
