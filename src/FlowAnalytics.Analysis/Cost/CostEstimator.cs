using FlowAnalytics.Analysis.Findings;
using FlowAnalytics.Analysis.Placement;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Cost;

/// <summary>
/// Estimated monthly PrivateLink cost per endpoint and AZ from an <c>endpoint_traffic</c> table: every
/// endpoint AZ is billed its hours, and the bytes its ENI logged (both directions) are scaled from the
/// observed period to a month and priced in tiers over the account-region's monthly total, each AZ
/// paying its share of that charge. Estimates, not a bill: the period observed may not be typical, and
/// only traffic in the logs counts.
/// </summary>
public static class CostEstimator
{
    /// <summary>One row per endpoint AZ of <paramref name="placement"/>, in its order.</summary>
    public static IReadOnlyList<EndpointAzCost> Estimate(DataFrame endpointTraffic, IReadOnlyList<EndpointAz> placement, PriceBook prices)
    {
        ArgumentNullException.ThrowIfNull(endpointTraffic);
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentNullException.ThrowIfNull(prices);

        EndpointTrafficTotals totals = EndpointTrafficTotals.Sum(endpointTraffic);
        double hours = ObservedHours(endpointTraffic);
        double scale = hours > 0 ? prices.HoursPerMonth / hours : 0;
        var regionGb = new Dictionary<(string?, string?), double>();
        foreach (EndpointAz place in placement)
        {
            var key = (place.AccountId, place.Region);
            regionGb[key] = regionGb.GetValueOrDefault(key) + (totals.Bytes(place.VpcEndpointId, place.AzId) * scale / PriceBook.BytesPerGb);
        }

        var costs = new List<EndpointAzCost>(placement.Count);
        foreach (EndpointAz place in placement)
        {
            long observed = totals.Bytes(place.VpcEndpointId, place.AzId);
            double monthlyGb = observed * scale / PriceBook.BytesPerGb;
            double regionTotal = regionGb[(place.AccountId, place.Region)];
            double processing = regionTotal > 0 ? prices.ProcessingUsd(regionTotal) * (monthlyGb / regionTotal) : 0;
            double hourly = prices.EndpointHourUsdIn(place.Region);
            costs.Add(new EndpointAzCost(
                place.AccountId, place.Region, place.VpcEndpointId, place.ServiceName, place.AzId, place.EniId,
                observed, hours, monthlyGb, hourly, hourly * prices.HoursPerMonth, processing));
        }

        return costs;
    }

    /// <summary>
    /// Hours from the earliest record start to the latest record end in the table (the observed
    /// period of every endpoint, idle ones included); 0 for an empty table.
    /// </summary>
    public static double ObservedHours(DataFrame endpointTraffic)
    {
        ArgumentNullException.ThrowIfNull(endpointTraffic);
        DateTime? first = null, last = null;
        DataFrameColumn starts = endpointTraffic.Columns["first_start"], ends = endpointTraffic.Columns["last_end"];
        for (long row = 0; row < endpointTraffic.Rows.Count; row++)
        {
            if (starts[row] is DateTime start && (first is null || start < first))
            {
                first = start;
            }

            if (ends[row] is DateTime end && (last is null || end > last))
            {
                last = end;
            }
        }

        return first is { } f && last is { } l && l > f ? (l - f).TotalHours : 0;
    }
}
