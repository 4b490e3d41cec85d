using System.Text;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Report;

/// <summary>The time charts, the AZ matrix and the percentile tables.</summary>
public static partial class HtmlReport
{
    // Enough lines to read; the rest are summed into one "other" line.
    private const int MaxSeries = 8;

    private static void AppendTrafficOverTime(StringBuilder html, ReportContent content)
    {
        DataFrame frame = content.BytesOverTime;
        var points = Enumerable.Range(0, (int)frame.Rows.Count)
            .Where(i => frame.Columns["window_start"][i] is DateTime)
            .Select(i => (
                Series: $"{ServiceOf(content, (string?)frame.Columns["vpc_endpoint_id"][i])} {frame.Columns["az_id"][i]}",
                X: (DateTime)frame.Columns["window_start"][i]!,
                Bytes: (long?)frame.Columns["bytes"][i] ?? 0))
            .ToList();
        var ranked = points.GroupBy(p => p.Series).OrderByDescending(g => g.Sum(p => p.Bytes)).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var chart = new SvgLineChart("Bytes per window, per endpoint and endpoint AZ", v => DisplayText.Bytes((long)v));
        foreach (var series in ranked.Take(MaxSeries))
        {
            chart.AddSeries(series.Key, [.. series.GroupBy(p => p.X).Select(g => (g.Key, (double)g.Sum(p => p.Bytes)))]);
        }

        if (ranked.Count > MaxSeries)
        {
            chart.AddSeries($"{ranked.Count - MaxSeries} others", [.. ranked.Skip(MaxSeries).SelectMany(g => g).GroupBy(p => p.X).Select(g => (g.Key, (double)g.Sum(p => p.Bytes)))]);
        }

        AddGaps(chart, content.Coverage);
        html.Append("<h2 id=\"traffic\">Traffic per endpoint and AZ</h2>").Append(chart.Render());
        html.Append("<table><tr><th>endpoint</th><th>AZ</th><th class=\"n\">bytes</th><th class=\"n\">share of endpoint</th><th class=\"n\">records</th><th class=\"n\">rejected</th><th class=\"n\">cross-AZ</th></tr>");
        DataFrame perAz = content.PerAz;
        for (int i = 0; i < perAz.Rows.Count; i++)
        {
            long records = (long?)perAz.Columns["records"][i] ?? 0, rejected = (long?)perAz.Columns["rejected_records"][i] ?? 0;
            Row(html, [$"{perAz.Columns["vpc_endpoint_id"][i]} ({ServiceOf(content, (string?)perAz.Columns["vpc_endpoint_id"][i])})", (string?)perAz.Columns["az_id"][i] ?? "?"],
                [DisplayText.Bytes((long?)perAz.Columns["bytes"][i] ?? 0), DisplayText.Percent((double?)perAz.Columns["share_of_endpoint_bytes"][i]),
                 DisplayText.Count(records), DisplayText.Percent(records > 0 ? (double)rejected / records : null), DisplayText.Percent((double?)perAz.Columns["cross_az_share"][i])]);
        }

        html.Append("</table>");
    }

    private static void AppendAzMatrix(StringBuilder html, ReportContent content)
    {
        DataFrame matrix = content.ClientAzMatrix;
        var cells = Enumerable.Range(0, (int)matrix.Rows.Count).Select(i => (
            Client: (string?)matrix.Columns["client_az_id"][i], Endpoint: (string?)matrix.Columns["az_id"][i] ?? "?",
            Bytes: (long?)matrix.Columns["bytes"][i] ?? 0, Share: (double?)matrix.Columns["share_of_client_az_bytes"][i])).ToList();
        List<string> endpointAzs = [.. cells.Select(c => c.Endpoint).Distinct().Order(StringComparer.Ordinal)];
        List<string?> clientAzs = [.. cells.Select(c => c.Client).Distinct().OrderBy(c => c is null).ThenBy(c => c, StringComparer.Ordinal)];
        html.Append("<h2 id=\"az-matrix\">Client AZ → endpoint AZ</h2><p class=\"note\">Bytes by the client's AZ (rows) and the AZ of the endpoint ENI it reached (columns), ")
            .Append("with each cell's share of its row. Off the diagonal is cross-AZ traffic: billed as inter-AZ transfer, and cut off if the other AZ fails.</p>")
            .Append("<table><tr><th>client AZ</th>");
        foreach (string az in endpointAzs)
        {
            html.Append("<th class=\"n\">").Append(Encode(az)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (string? client in clientAzs)
        {
            html.Append("<tr><th>").Append(Encode(client ?? "outside known subnets")).Append("</th>");
            foreach (string az in endpointAzs)
            {
                var cell = cells.FirstOrDefault(c => c.Client == client && c.Endpoint == az);
                // Same-AZ cells in blue, cross-AZ in orange, deeper with the share.
                double alpha = 0.08 + (0.6 * (cell.Share ?? 0));
                string color = client == az ? "0,114,178" : "230,159,0";
                html.Append(Invariant($"<td class=\"n\" style=\"background: rgba({color},{alpha:F2})\">"))
                    .Append(cell.Bytes > 0 ? $"{DisplayText.Bytes(cell.Bytes)}<br><span class=\"muted\">{DisplayText.Percent(cell.Share)}</span>" : "–")
                    .Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static void AppendRates(StringBuilder html, ReportContent content)
    {
        DataFrame rates = content.Rates;
        var chart = new SvgLineChart("Rejected and RST records, share of the window's records", v => DisplayText.Percent(v));
        chart.AddSeries("rejected", Points(rates, "reject_rate"));
        chart.AddSeries("RST", Points(rates, "rst_rate"));
        AddGaps(chart, content.Coverage);
        html.Append("<h2 id=\"rates\">Rejects and resets over time</h2>").Append(chart.Render());
    }

    private static void AppendLatency(StringBuilder html, DataFrame latency)
    {
        html.Append("<h2 id=\"latency\">Flow duration and delivery lag</h2><p class=\"note\">Seconds, per endpoint over the whole period, from the merged sketches ")
            .Append("(exact below 4096 s, within 0.5% above). Flow duration is a record's end − start; delivery lag is its arrival − end (shown only when the run knew arrival times). ")
            .Append("Flow logs carry no round-trip time.</p><table><tr><th>endpoint</th><th class=\"n\">flows</th><th class=\"n\">duration p50</th><th class=\"n\">p95</th><th class=\"n\">p99</th><th class=\"n\">max</th>")
            .Append("<th class=\"n\">lag p50</th><th class=\"n\">p99</th><th class=\"n\">max</th></tr>");
        for (int i = 0; i < latency.Rows.Count; i++)
        {
            string Seconds(string column) => latency.Columns[column][i] is long s ? DisplayText.Count(s) : "-";
            Row(html, [$"{latency.Columns["vpc_endpoint_id"][i]} ({DisplayText.ShortService((string?)latency.Columns["service_name"][i])})"],
                [Seconds("flows"), Seconds("duration_p50_s"), Seconds("duration_p95_s"), Seconds("duration_p99_s"), Seconds("duration_max_s"),
                 Seconds("delivery_lag_p50_s"), Seconds("delivery_lag_p99_s"), Seconds("delivery_lag_max_s")]);
        }

        html.Append("</table>");
    }

    private static void AppendCoverage(StringBuilder html, ReportContent content)
    {
        DataFrame coverage = content.Coverage;
        long records = Sum(coverage, "records"), nodata = Sum(coverage, "nodata_records"), skipdata = Sum(coverage, "skipdata_records");
        int gapWindows = coverage.Columns["skipdata_records"].Cast<long?>().Count(v => v > 0);
        var chart = new SvgLineChart("Records per window by log-status", v => DisplayText.Count((long)v));
        chart.AddSeries("all records", Points(coverage, "records"));
        chart.AddSeries("NODATA", Points(coverage, "nodata_records"));
        chart.AddSeries("SKIPDATA", Points(coverage, "skipdata_records"));
        AddGaps(chart, coverage);
        html.Append("<h2 id=\"coverage\">Log coverage: NODATA and SKIPDATA</h2><p>")
            .Append(DisplayText.Count(coverage.Rows.Count)).Append(" windows, ").Append(DisplayText.Count(records)).Append(" records: ")
            .Append(DisplayText.Count(nodata)).Append(" NODATA (an ENI with no traffic in a capture window) and ")
            .Append(DisplayText.Count(skipdata)).Append(" SKIPDATA (records AWS could not deliver) in ")
            .Append(DisplayText.Count(gapWindows)).Append(" windows, shaded in every chart: those windows undercount.</p>")
            .Append(chart.Render());
    }

    private static List<(DateTime X, double Y)> Points(DataFrame frame, string column) =>
        [.. Enumerable.Range(0, (int)frame.Rows.Count)
            .Where(i => frame.Columns["window_start"][i] is DateTime && frame.Columns[column][i] is not null)
            .Select(i => ((DateTime)frame.Columns["window_start"][i]!, Convert.ToDouble(frame.Columns[column][i], System.Globalization.CultureInfo.InvariantCulture)))];

    private static void AddGaps(SvgLineChart chart, DataFrame coverage)
    {
        TimeSpan length = WindowSpacing.Infer(coverage.Columns["window_start"].Cast<DateTime?>().OfType<DateTime>());
        for (int i = 0; i < coverage.Rows.Count; i++)
        {
            if (coverage.Columns["skipdata_records"][i] is long lost && lost > 0 && coverage.Columns["window_start"][i] is DateTime window)
            {
                chart.AddGap(window, window + length);
            }
        }
    }

    // "s3", or "s3 vpce-…" when two endpoints serve the same service.
    private static string ServiceOf(ReportContent content, string? endpoint)
    {
        string? service = content.Placement.FirstOrDefault(p => p.VpcEndpointId == endpoint)?.ServiceName;
        if (service is null)
        {
            return endpoint ?? "?";
        }

        bool shared = content.Placement.Any(p => p.ServiceName == service && p.VpcEndpointId != endpoint);
        return shared ? $"{DisplayText.ShortService(service)} {endpoint}" : DisplayText.ShortService(service);
    }
}
