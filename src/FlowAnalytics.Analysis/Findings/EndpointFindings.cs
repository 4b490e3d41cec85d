using System.Globalization;
using FlowAnalytics.Analysis.Cost;
using FlowAnalytics.Analysis.Placement;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Findings;

/// <summary>
/// Finds what an endpoint owner should look at: endpoints in one AZ only, endpoint AZs without use,
/// cross-AZ-heavy endpoints, reject spikes and SKIPDATA windows. Traffic is what the endpoint ENIs
/// logged (<c>observed_at = 'endpoint_eni'</c>); SKIPDATA comes from <c>eni_traffic</c> when given
/// (every ENI), else from the endpoint rows.
/// </summary>
public static class EndpointFindings
{
    /// <summary>Every finding, ordered by kind, then endpoint, AZ and window.</summary>
    /// <param name="endpointTraffic">The <c>endpoint_traffic</c> table.</param>
    /// <param name="eniTraffic">The <c>eni_traffic</c> table, or null.</param>
    /// <param name="placement">The endpoint AZs (<see cref="EndpointPlacement.From"/>).</param>
    /// <param name="prices">Prices for the idle-AZ cost, or null for the defaults.</param>
    /// <param name="thresholds">When to report, or null for the defaults.</param>
    public static IReadOnlyList<Finding> Find(
        DataFrame endpointTraffic, DataFrame? eniTraffic, IReadOnlyList<EndpointAz> placement,
        PriceBook? prices = null, FindingThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(endpointTraffic);
        ArgumentNullException.ThrowIfNull(placement);
        prices ??= new PriceBook();
        thresholds ??= new FindingThresholds();

        EndpointTrafficTotals totals = EndpointTrafficTotals.Sum(endpointTraffic);
        TimeSpan windowLength = WindowSpacing.Infer(endpointTraffic.Columns["window_start"].Cast<DateTime?>().OfType<DateTime>());
        var findings = new List<Finding>();
        foreach (IGrouping<string, EndpointAz> endpoint in placement.GroupBy(p => p.VpcEndpointId))
        {
            List<EndpointAz> azs = [.. endpoint];
            long endpointBytes = azs.Sum(a => totals.Bytes(a.VpcEndpointId, a.AzId));
            string name = $"{endpoint.Key} ({DisplayText.ShortService(azs[0].ServiceName)})";
            if (azs.Count == 1)
            {
                IReadOnlyList<string> clientAzs = totals.ClientAzs(endpoint.Key);
                findings.Add(new Finding(
                    FindingKind.SingleAzEndpoint, endpoint.Key, azs[0].AzId, null, null, 1, 1,
                    $"{name} has an ENI in {azs[0].AzId} only: if that AZ fails its clients lose the endpoint " +
                    $"(AWS advises one ENI per AZ the clients run in). It carried {DisplayText.Bytes(endpointBytes)}" +
                    (clientAzs.Count > 0 ? $" from clients in {string.Join(", ", clientAzs)}." : ".")));
            }

            foreach (EndpointAz az in azs)
            {
                long bytes = totals.Bytes(az.VpcEndpointId, az.AzId);
                double share = endpointBytes > 0 ? (double)bytes / endpointBytes : 0;
                if (share < thresholds.IdleAzShare)
                {
                    double hoursUsd = prices.EndpointHourUsdIn(az.Region) * prices.HoursPerMonth;
                    findings.Add(new Finding(
                        FindingKind.IdleEndpointAz, az.VpcEndpointId, az.AzId, null, null, share, thresholds.IdleAzShare,
                        $"{name} in {az.AzId} carried {DisplayText.Percent(share)} of the endpoint's bytes ({DisplayText.Bytes(bytes)}) " +
                        $"but is billed its hours: about {DisplayText.Usd(hoursUsd)} USD a month without use."));
                }
            }

            (long cross, long known) = totals.CrossAz(endpoint.Key);
            double crossShare = known > 0 ? (double)cross / known : 0;
            if (known >= thresholds.CrossAzMinBytes && crossShare > thresholds.CrossAzShare)
            {
                var placed = azs.Select(a => a.AzId).ToHashSet(StringComparer.Ordinal);
                List<string> unserved = [.. totals.ClientAzs(endpoint.Key).Where(az => !placed.Contains(az))];
                findings.Add(new Finding(
                    FindingKind.CrossAzHeavy, endpoint.Key, null, null, null, crossShare, thresholds.CrossAzShare,
                    $"{DisplayText.Percent(crossShare)} of {name}'s bytes ({DisplayText.Bytes(cross)} of {DisplayText.Bytes(known)}) come from clients " +
                    "in another AZ than the endpoint ENI they reach: cross-AZ data transfer and latency" +
                    (unserved.Count > 0 ? $"; clients in {string.Join(", ", unserved)} have no endpoint ENI in their AZ." : "; use the AZ's zonal DNS name.")));
            }

            findings.AddRange(RejectSpikes(totals, endpoint.Key, name, windowLength, thresholds));
        }

        findings.AddRange(SkipdataPeriods(eniTraffic ?? endpointTraffic, windowLength));
        return findings
            .OrderBy(f => f.Kind)
            .ThenBy(f => f.VpcEndpointId, StringComparer.Ordinal)
            .ThenBy(f => f.AzId, StringComparer.Ordinal)
            .ThenBy(f => f.WindowStart)
            .ToList();
    }

    /// <summary>SKIPDATA windows less than this apart are reported as one period.</summary>
    public static readonly TimeSpan SkipdataPeriodGap = TimeSpan.FromMinutes(30);

    /// <summary>The findings as a DataFrame: kind, vpc_endpoint_id, az_id, window_start, window_end, value, threshold, summary.</summary>
    public static DataFrame ToFrame(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return new DataFrame(
            new StringDataFrameColumn("kind", findings.Select(f => f.KindName)),
            new StringDataFrameColumn("vpc_endpoint_id", findings.Select(f => f.VpcEndpointId)),
            new StringDataFrameColumn("az_id", findings.Select(f => f.AzId)),
            new PrimitiveDataFrameColumn<DateTime>("window_start", findings.Select(f => f.WindowStart)),
            new PrimitiveDataFrameColumn<DateTime>("window_end", findings.Select(f => f.WindowEnd)),
            new DoubleDataFrameColumn("value", findings.Select(f => (double?)f.Value)),
            new DoubleDataFrameColumn("threshold", findings.Select(f => (double?)f.Threshold)),
            new StringDataFrameColumn("summary", findings.Select(f => f.Summary)));
    }

    private static IEnumerable<Finding> RejectSpikes(EndpointTrafficTotals totals, string endpoint, string name, TimeSpan windowLength, FindingThresholds thresholds)
    {
        (long records, long rejected) = totals.Rejects(endpoint);
        double usual = records > 0 ? (double)rejected / records : 0;
        double threshold = Math.Max(thresholds.RejectSpikeRate, thresholds.RejectSpikeFactor * usual);
        foreach ((DateTime window, long windowRecords, long windowRejected) in totals.RejectsByWindow(endpoint))
        {
            double rate = (double)windowRejected / windowRecords;
            if (windowRecords >= thresholds.RejectSpikeMinRecords && rate >= threshold)
            {
                yield return new Finding(
                    FindingKind.RejectSpike, endpoint, null, window, window + windowLength, rate, threshold,
                    $"{name} rejected {DisplayText.Percent(rate)} of {DisplayText.Count(windowRecords)} records in the window from " +
                    $"{window.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, against {DisplayText.Percent(usual)} over the period: " +
                    "check security groups and NACLs changed then, or a client retrying.");
            }
        }
    }

    // Windows with SKIPDATA, gathered into periods of windows less than SkipdataPeriodGap apart:
    // one finding per outage, not one per five minutes of it.
    private static IEnumerable<Finding> SkipdataPeriods(DataFrame traffic, TimeSpan windowLength)
    {
        DataFrameColumn windows = traffic.Columns["window_start"], skipdata = traffic.Columns["skipdata_records"], enis = traffic.Columns["eni_id"];
        var byWindow = new SortedDictionary<DateTime, long>();
        var enisByWindow = new Dictionary<DateTime, HashSet<string>>();
        for (long row = 0; row < traffic.Rows.Count; row++)
        {
            if (skipdata[row] is long lost && lost > 0 && windows[row] is DateTime window)
            {
                byWindow[window] = byWindow.GetValueOrDefault(window) + lost;
                (enisByWindow.TryGetValue(window, out var set) ? set : enisByWindow[window] = new HashSet<string>(StringComparer.Ordinal)).Add((string?)enis[row] ?? "?");
            }
        }

        var period = new List<DateTime>();
        foreach (DateTime window in byWindow.Keys)
        {
            if (period.Count > 0 && window - period[^1] >= SkipdataPeriodGap)
            {
                yield return SkipdataPeriod(period, byWindow, enisByWindow, windowLength);
                period.Clear();
            }

            period.Add(window);
        }

        if (period.Count > 0)
        {
            yield return SkipdataPeriod(period, byWindow, enisByWindow, windowLength);
        }
    }

    private static Finding SkipdataPeriod(
        List<DateTime> period, SortedDictionary<DateTime, long> lost, Dictionary<DateTime, HashSet<string>> enis, TimeSpan windowLength)
    {
        long records = period.Sum(w => lost[w]);
        int eniCount = period.SelectMany(w => enis[w]).Distinct(StringComparer.Ordinal).Count();
        DateTime worst = period.OrderByDescending(w => lost[w]).ThenBy(w => w).First();
        DateTime start = period[0], end = period[^1] + windowLength;
        return new Finding(
            FindingKind.SkipdataPeriod, null, null, start, end, records, 0,
            $"{DisplayText.Count(records)} SKIPDATA records in {period.Count} windows from {start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} " +
            $"to {end.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC on {eniCount} ENIs (most in the window from {worst.ToString("HH:mm", CultureInfo.InvariantCulture)}: " +
            $"{DisplayText.Count(lost[worst])}): AWS could not deliver some records, so these windows undercount (a gap, not quiet traffic).");
    }
}
