namespace FlowAnalytics.Analysis.Findings;

/// <summary>One thing worth an analyst's look, with the numbers behind it.</summary>
/// <param name="Kind">What kind of finding.</param>
/// <param name="VpcEndpointId">The endpoint it is about, if any.</param>
/// <param name="AzId">The AZ it is about, if any.</param>
/// <param name="WindowStart">Start of the window or period it is about, if any.</param>
/// <param name="WindowEnd">End of that window or period (exclusive), if any.</param>
/// <param name="Value">The measured value (a share, a rate or a count; see <see cref="Summary"/>).</param>
/// <param name="Threshold">The value that made it a finding.</param>
/// <param name="Summary">One sentence with the numbers, for people.</param>
public sealed record Finding(
    FindingKind Kind, string? VpcEndpointId, string? AzId, DateTime? WindowStart, DateTime? WindowEnd, double Value, double Threshold, string Summary)
{
    /// <summary>The kind as the findings table spells it: single_az_endpoint, idle_endpoint_az, cross_az_heavy, reject_spike, skipdata_period.</summary>
    public string KindName => Kind switch
    {
        FindingKind.SingleAzEndpoint => "single_az_endpoint",
        FindingKind.IdleEndpointAz => "idle_endpoint_az",
        FindingKind.CrossAzHeavy => "cross_az_heavy",
        FindingKind.RejectSpike => "reject_spike",
        _ => "skipdata_period",
    };
}
