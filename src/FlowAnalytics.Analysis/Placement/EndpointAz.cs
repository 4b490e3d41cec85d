namespace FlowAnalytics.Analysis.Placement;

/// <summary>
/// One interface endpoint in one Availability Zone: the endpoint ENI that is billed by the hour
/// whether or not it carries traffic.
/// </summary>
/// <param name="VpcEndpointId">The endpoint (<c>vpce-…</c>).</param>
/// <param name="ServiceName">Its service (<c>com.amazonaws.us-east-1.s3</c>), when known.</param>
/// <param name="AccountId">The account owning the ENI, when known.</param>
/// <param name="Region">Its region, when known.</param>
/// <param name="AzId">The AZ id (<c>use1-az1</c>).</param>
/// <param name="EniId">The endpoint ENI in that AZ, when known.</param>
/// <param name="InInventory">Whether the inventory lists it (false: seen only in the traffic).</param>
public sealed record EndpointAz(
    string VpcEndpointId, string? ServiceName, string? AccountId, string? Region, string AzId, string? EniId, bool InInventory);
