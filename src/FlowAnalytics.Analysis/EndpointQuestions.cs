using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis;

/// <summary>
/// The common questions over an <c>endpoint_traffic</c> DataFrame (from <see cref="SummaryFrames"/>).
/// Each counts only rows observed at the endpoint ENI: the client-side observations of the same
/// flows would count them twice (see the README).
/// </summary>
public static class EndpointQuestions
{
    /// <summary>The <paramref name="count"/> endpoints with the most bytes: vpc_endpoint_id, service_name, bytes, records, rejected_records.</summary>
    public static DataFrame TopEndpointsByBytes(DataFrame endpointTraffic, int count = 10)
    {
        int endpoint = Index(endpointTraffic, "vpc_endpoint_id");
        int service = Index(endpointTraffic, "service_name");
        var sums = Sum(endpointTraffic, r => ((string?)r[endpoint], (string?)r[service]));
        var rows = sums.OrderByDescending(s => s.Value.Bytes).ThenBy(s => s.Key.Item1, StringComparer.Ordinal).Take(count).ToList();
        return new DataFrame(
            new StringDataFrameColumn("vpc_endpoint_id", rows.Select(r => r.Key.Item1)),
            new StringDataFrameColumn("service_name", rows.Select(r => r.Key.Item2)),
            new Int64DataFrameColumn("bytes", rows.Select(r => r.Value.Bytes)),
            new Int64DataFrameColumn("records", rows.Select(r => r.Value.Records)),
            new Int64DataFrameColumn("rejected_records", rows.Select(r => r.Value.Rejected)));
    }

    /// <summary>
    /// Per endpoint and endpoint AZ: bytes, records, rejected records, the AZ's share of the endpoint's
    /// bytes, and the cross-AZ share (bytes from clients in another AZ over bytes whose client AZ is known).
    /// </summary>
    public static DataFrame PerAzBreakdown(DataFrame endpointTraffic)
    {
        int endpoint = Index(endpointTraffic, "vpc_endpoint_id");
        int az = Index(endpointTraffic, "az_id");
        var sums = Sum(endpointTraffic, r => ((string?)r[endpoint], (string?)r[az]));
        var totals = new Dictionary<string, long>();
        foreach (var s in sums)
        {
            totals[s.Key.Item1 ?? string.Empty] = totals.GetValueOrDefault(s.Key.Item1 ?? string.Empty) + s.Value.Bytes;
        }

        var rows = sums.OrderBy(s => s.Key.Item1, StringComparer.Ordinal).ThenBy(s => s.Key.Item2, StringComparer.Ordinal).ToList();
        return new DataFrame(
            new StringDataFrameColumn("vpc_endpoint_id", rows.Select(r => r.Key.Item1)),
            new StringDataFrameColumn("az_id", rows.Select(r => r.Key.Item2)),
            new Int64DataFrameColumn("bytes", rows.Select(r => r.Value.Bytes)),
            new Int64DataFrameColumn("records", rows.Select(r => r.Value.Records)),
            new Int64DataFrameColumn("rejected_records", rows.Select(r => r.Value.Rejected)),
            new DoubleDataFrameColumn("share_of_endpoint_bytes", rows.Select(r => Ratio(r.Value.Bytes, totals[r.Key.Item1 ?? string.Empty]))),
            new DoubleDataFrameColumn("cross_az_share", rows.Select(r => Ratio(r.Value.CrossAzBytes, r.Value.KnownClientBytes))));
    }

    /// <summary>Per window: records, rejected records and their ratio, and RST records and their ratio.</summary>
    public static DataFrame RejectRateOverTime(DataFrame endpointTraffic)
    {
        int window = Index(endpointTraffic, "window_start");
        var sums = Sum(endpointTraffic, r => ((DateTime?)r[window], (string?)null));
        var rows = sums.OrderBy(s => s.Key.Item1).ToList();
        return new DataFrame(
            new PrimitiveDataFrameColumn<DateTime>("window_start", rows.Select(r => r.Key.Item1)),
            new Int64DataFrameColumn("records", rows.Select(r => r.Value.Records)),
            new Int64DataFrameColumn("rejected_records", rows.Select(r => r.Value.Rejected)),
            new DoubleDataFrameColumn("reject_rate", rows.Select(r => Ratio(r.Value.Rejected, r.Value.Records))),
            new Int64DataFrameColumn("rst_records", rows.Select(r => r.Value.Rst)),
            new DoubleDataFrameColumn("rst_rate", rows.Select(r => Ratio(r.Value.Rst, r.Value.Records))));
    }

    /// <summary>Per window, endpoint and endpoint AZ: bytes (rows ordered by window, endpoint, AZ).</summary>
    public static DataFrame BytesOverTime(DataFrame endpointTraffic)
    {
        (int window, int endpoint, int az) = (Index(endpointTraffic, "window_start"), Index(endpointTraffic, "vpc_endpoint_id"), Index(endpointTraffic, "az_id"));
        var sums = Sum(endpointTraffic, r => ((DateTime?)r[window], (string?)r[endpoint], (string?)r[az]));
        var rows = sums.OrderBy(s => s.Key.Item1).ThenBy(s => s.Key.Item2, StringComparer.Ordinal).ThenBy(s => s.Key.Item3, StringComparer.Ordinal).ToList();
        return new DataFrame(
            new PrimitiveDataFrameColumn<DateTime>("window_start", rows.Select(r => r.Key.Item1)),
            new StringDataFrameColumn("vpc_endpoint_id", rows.Select(r => r.Key.Item2)),
            new StringDataFrameColumn("az_id", rows.Select(r => r.Key.Item3)),
            new Int64DataFrameColumn("bytes", rows.Select(r => r.Value.Bytes)));
    }

    /// <summary>
    /// Client AZ → endpoint AZ: bytes per pair, and each pair's share of its client AZ's bytes. A null
    /// client AZ is a client outside every known subnet. Off-diagonal pairs are cross-AZ traffic.
    /// </summary>
    public static DataFrame ClientAzMatrix(DataFrame endpointTraffic)
    {
        (int clientAz, int az) = (Index(endpointTraffic, "client_az_id"), Index(endpointTraffic, "az_id"));
        var sums = Sum(endpointTraffic, r => ((string?)r[clientAz], (string?)r[az]));
        var clientTotals = new Dictionary<string, long>();
        foreach (var s in sums)
        {
            clientTotals[s.Key.Item1 ?? string.Empty] = clientTotals.GetValueOrDefault(s.Key.Item1 ?? string.Empty) + s.Value.Bytes;
        }

        var rows = sums.OrderBy(s => s.Key.Item1 is null).ThenBy(s => s.Key.Item1, StringComparer.Ordinal).ThenBy(s => s.Key.Item2, StringComparer.Ordinal).ToList();
        return new DataFrame(
            new StringDataFrameColumn("client_az_id", rows.Select(r => r.Key.Item1)),
            new StringDataFrameColumn("az_id", rows.Select(r => r.Key.Item2)),
            new Int64DataFrameColumn("bytes", rows.Select(r => r.Value.Bytes)),
            new DoubleDataFrameColumn("share_of_client_az_bytes", rows.Select(r => Ratio(r.Value.Bytes, clientTotals[r.Key.Item1 ?? string.Empty]))));
    }

    /// <summary>
    /// Per window: records, and of them NODATA (no traffic in the capture window) and SKIPDATA (records
    /// AWS could not deliver: a gap). Over <c>eni_traffic</c> (every ENI) or <c>endpoint_traffic</c>
    /// (its endpoint-ENI rows).
    /// </summary>
    public static DataFrame CoverageOverTime(DataFrame traffic)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        int observedAt = traffic.Columns.IndexOf("observed_at");
        (int window, int records, int nodata, int skipdata) = (Index(traffic, "window_start"), Index(traffic, "records"), Index(traffic, "nodata_records"), Index(traffic, "skipdata_records"));
        var sums = new SortedDictionary<DateTime, (long Records, long NoData, long SkipData)>();
        foreach (DataFrameRow row in traffic.Rows)
        {
            if ((observedAt >= 0 && (string?)row[observedAt] != "endpoint_eni") || row[window] is not DateTime at)
            {
                continue;
            }

            (long r, long n, long s) = sums.GetValueOrDefault(at);
            sums[at] = (r + ((long?)row[records] ?? 0), n + ((long?)row[nodata] ?? 0), s + ((long?)row[skipdata] ?? 0));
        }

        return new DataFrame(
            new PrimitiveDataFrameColumn<DateTime>("window_start", sums.Keys),
            new Int64DataFrameColumn("records", sums.Values.Select(v => v.Records)),
            new Int64DataFrameColumn("nodata_records", sums.Values.Select(v => v.NoData)),
            new Int64DataFrameColumn("skipdata_records", sums.Values.Select(v => v.SkipData)));
    }

    private static Dictionary<TKey, Totals> Sum<TKey>(DataFrame frame, Func<DataFrameRow, TKey> key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(frame);
        (int observedAt, int bytesColumn, int records, int rejected, int rst, int clientAzColumn, int azColumn) = (
            Index(frame, "observed_at"), Index(frame, "bytes"), Index(frame, "records"), Index(frame, "rejected_records"),
            Index(frame, "rst_records"), Index(frame, "client_az_id"), Index(frame, "az_id"));
        var sums = new Dictionary<TKey, Totals>();
        foreach (DataFrameRow row in frame.Rows)
        {
            if ((string?)row[observedAt] != "endpoint_eni")
            {
                continue;
            }

            TKey k = key(row);
            long bytes = (long?)row[bytesColumn] ?? 0;
            var clientAz = (string?)row[clientAzColumn];
            Totals t = sums.GetValueOrDefault(k);
            sums[k] = new Totals(
                t.Bytes + bytes, t.Records + ((long?)row[records] ?? 0), t.Rejected + ((long?)row[rejected] ?? 0), t.Rst + ((long?)row[rst] ?? 0),
                t.KnownClientBytes + (clientAz is null ? 0 : bytes),
                t.CrossAzBytes + (clientAz is not null && clientAz != (string?)row[azColumn] ? bytes : 0));
        }

        return sums;
    }

    private static int Index(DataFrame frame, string column)
    {
        int index = frame.Columns.IndexOf(column);
        return index >= 0 ? index : throw new ArgumentException($"The frame has no column {column}: load endpoint_traffic.", nameof(frame));
    }

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;

    private readonly record struct Totals(long Bytes, long Records, long Rejected, long Rst, long KnownClientBytes, long CrossAzBytes);
}
