using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Findings;

/// <summary>The sums findings need, in one pass over the rows logged at endpoint ENIs.</summary>
internal sealed class EndpointTrafficTotals
{
    private readonly Dictionary<(string Endpoint, string Az), long> _bytes = [];
    private readonly Dictionary<string, Dictionary<string, long>> _clientAzBytes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Cross, long Known)> _crossAz = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<DateTime, (long Records, long Rejected)>> _windows = new(StringComparer.Ordinal);

    public static EndpointTrafficTotals Sum(DataFrame endpointTraffic)
    {
        var totals = new EndpointTrafficTotals();
        DataFrameColumn observedAt = endpointTraffic.Columns["observed_at"], endpoints = endpointTraffic.Columns["vpc_endpoint_id"],
            azs = endpointTraffic.Columns["az_id"], clientAzs = endpointTraffic.Columns["client_az_id"], windows = endpointTraffic.Columns["window_start"],
            bytes = endpointTraffic.Columns["bytes"], records = endpointTraffic.Columns["records"], rejected = endpointTraffic.Columns["rejected_records"];
        for (long row = 0; row < endpointTraffic.Rows.Count; row++)
        {
            if ((string?)observedAt[row] != "endpoint_eni" || endpoints[row] is not string endpoint)
            {
                continue;
            }

            long b = (long?)bytes[row] ?? 0;
            string? az = (string?)azs[row], clientAz = (string?)clientAzs[row];
            if (az is not null)
            {
                totals._bytes[(endpoint, az)] = totals._bytes.GetValueOrDefault((endpoint, az)) + b;
            }

            if (clientAz is not null)
            {
                Dictionary<string, long> perClientAz = Get(totals._clientAzBytes, endpoint, () => new Dictionary<string, long>(StringComparer.Ordinal));
                perClientAz[clientAz] = perClientAz.GetValueOrDefault(clientAz) + b;
                (long cross, long known) = totals._crossAz.GetValueOrDefault(endpoint);
                totals._crossAz[endpoint] = (cross + (clientAz != az ? b : 0), known + b);
            }

            if (windows[row] is DateTime window)
            {
                SortedDictionary<DateTime, (long, long)> perWindow = Get(totals._windows, endpoint, () => []);
                (long r, long j) = perWindow.GetValueOrDefault(window);
                perWindow[window] = (r + ((long?)records[row] ?? 0), j + ((long?)rejected[row] ?? 0));
            }
        }

        return totals;
    }

    public long Bytes(string endpoint, string az) => _bytes.GetValueOrDefault((endpoint, az));

    /// <summary>Client AZs with traffic to the endpoint, most bytes first.</summary>
    public IReadOnlyList<string> ClientAzs(string endpoint) =>
        _clientAzBytes.TryGetValue(endpoint, out var perAz)
            ? [.. perAz.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key)]
            : [];

    /// <summary>Bytes from clients in another AZ than the endpoint ENI, and bytes whose client AZ is known.</summary>
    public (long Cross, long Known) CrossAz(string endpoint) => _crossAz.GetValueOrDefault(endpoint);

    public (long Records, long Rejected) Rejects(string endpoint)
    {
        long records = 0, rejected = 0;
        foreach ((long r, long j) in RejectsByWindow(endpoint).Select(w => (w.Records, w.Rejected)))
        {
            records += r;
            rejected += j;
        }

        return (records, rejected);
    }

    public IEnumerable<(DateTime Window, long Records, long Rejected)> RejectsByWindow(string endpoint) =>
        _windows.TryGetValue(endpoint, out var perWindow)
            ? perWindow.Where(w => w.Value.Records > 0).Select(w => (w.Key, w.Value.Records, w.Value.Rejected))
            : [];

    private static TValue Get<TValue>(Dictionary<string, TValue> map, string key, Func<TValue> create)
    {
        if (!map.TryGetValue(key, out TValue? value))
        {
            value = create();
            map[key] = value;
        }

        return value;
    }
}
