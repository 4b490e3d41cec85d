namespace FlowAnalytics.Analysis.Cost;

/// <summary>The estimated monthly cost of one interface endpoint in one AZ (a row of the <c>cost</c> table).</summary>
/// <param name="AccountId">The account owning the endpoint ENI, when known.</param>
/// <param name="Region">Its region, when known.</param>
/// <param name="VpcEndpointId">The endpoint.</param>
/// <param name="ServiceName">Its service, when known.</param>
/// <param name="AzId">The AZ id.</param>
/// <param name="EniId">The endpoint ENI, when known.</param>
/// <param name="ObservedBytes">Bytes logged at the endpoint ENI, both directions, over the observed period.</param>
/// <param name="ObservedHours">Length of the observed period (the whole output's, the same for every row).</param>
/// <param name="MonthlyGb">Estimated GB (2^30 bytes) per month: observed bytes scaled from the observed hours to a month.</param>
/// <param name="EndpointHourUsd">The hourly price used.</param>
/// <param name="HoursUsd">Endpoint-hours charge per month: hourly price × hours per month (billed with or without traffic).</param>
/// <param name="ProcessingUsd">This AZ's share (by bytes) of its account-region's tiered data-processing charge per month.</param>
public sealed record EndpointAzCost(
    string? AccountId, string? Region, string VpcEndpointId, string? ServiceName, string AzId, string? EniId,
    long ObservedBytes, double ObservedHours, double MonthlyGb, double EndpointHourUsd, double HoursUsd, double ProcessingUsd)
{
    /// <summary>Hours plus processing, USD per month.</summary>
    public double TotalUsd => HoursUsd + ProcessingUsd;
}
