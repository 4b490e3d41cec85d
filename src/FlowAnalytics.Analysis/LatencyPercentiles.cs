using FlowAnalytics.Aggregation;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis;

/// <summary>
/// Flow duration and delivery lag percentiles per endpoint over the whole period, from the merged
/// sketches of every window (so as exact as the per-row quantiles: see the README's error bounds),
/// not from averaging per-window percentiles, which has no meaning.
/// </summary>
public static class LatencyPercentiles
{
    /// <summary>
    /// Per endpoint (rows logged at its ENIs) of an <c>endpoint_traffic</c> table read with its sketches
    /// (<c>SummaryParquetReader.ReadTableAsync</c>): vpc_endpoint_id, service_name, flows (records with a
    /// duration), duration_p50_s, duration_p95_s, duration_p99_s, duration_max_s, lagged (records with a
    /// delivery lag), delivery_lag_p50_s, delivery_lag_p99_s, delivery_lag_max_s. Ordered by endpoint.
    /// </summary>
    public static DataFrame PerEndpoint(SummaryTable endpointTraffic)
    {
        ArgumentNullException.ThrowIfNull(endpointTraffic);
        string?[] observedAt = endpointTraffic["observed_at"].StringValues!, endpoints = endpointTraffic["vpc_endpoint_id"].StringValues!,
            services = endpointTraffic["service_name"].StringValues!;
        byte[]?[] durations = endpointTraffic["duration_sketch"].BinaryValues!, lags = endpointTraffic["delivery_lag_sketch"].BinaryValues!;
        var merged = new SortedDictionary<string, (string? Service, QuantileSketch Duration, QuantileSketch Lag)>(StringComparer.Ordinal);
        for (int row = 0; row < endpointTraffic.RowCount; row++)
        {
            if (observedAt[row] != "endpoint_eni" || endpoints[row] is not { } endpoint)
            {
                continue;
            }

            if (!merged.TryGetValue(endpoint, out var sketches))
            {
                sketches = (services[row], new QuantileSketch(), new QuantileSketch());
                merged[endpoint] = sketches;
            }

            if (durations[row] is { } duration)
            {
                sketches.Duration.Merge(QuantileSketch.FromBytes(duration));
            }

            if (lags[row] is { } lag)
            {
                sketches.Lag.Merge(QuantileSketch.FromBytes(lag));
            }
        }

        var rows = merged.ToList();
        static long? Max(QuantileSketch s) => s.Count > 0 ? s.Max : null;
        return new DataFrame(
            new StringDataFrameColumn("vpc_endpoint_id", rows.Select(r => r.Key)),
            new StringDataFrameColumn("service_name", rows.Select(r => r.Value.Service)),
            new Int64DataFrameColumn("flows", rows.Select(r => r.Value.Duration.Count)),
            new Int64DataFrameColumn("duration_p50_s", rows.Select(r => r.Value.Duration.Quantile(0.50))),
            new Int64DataFrameColumn("duration_p95_s", rows.Select(r => r.Value.Duration.Quantile(0.95))),
            new Int64DataFrameColumn("duration_p99_s", rows.Select(r => r.Value.Duration.Quantile(0.99))),
            new Int64DataFrameColumn("duration_max_s", rows.Select(r => Max(r.Value.Duration))),
            new Int64DataFrameColumn("lagged", rows.Select(r => r.Value.Lag.Count)),
            new Int64DataFrameColumn("delivery_lag_p50_s", rows.Select(r => r.Value.Lag.Quantile(0.50))),
            new Int64DataFrameColumn("delivery_lag_p99_s", rows.Select(r => r.Value.Lag.Quantile(0.99))),
            new Int64DataFrameColumn("delivery_lag_max_s", rows.Select(r => Max(r.Value.Lag))));
    }
}
