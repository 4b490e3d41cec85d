using System.Globalization;
using System.Net;
using System.Text;
using FlowAnalytics.Analysis.Cost;
using FlowAnalytics.Analysis.Findings;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Report;

/// <summary>
/// The report as one self-contained HTML page: inline CSS and SVG charts, no script, nothing fetched,
/// so it can be mailed, archived or opened offline.
/// </summary>
public static partial class HtmlReport
{
    private const string Style = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733; margin: 0; background: #f6f7f9; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
        h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #dde2e8; padding-bottom: 4px; }
        .muted, .note { color: #5b6878; } .note { font-size: 12.5px; }
        .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 16px 0; }
        .card { border: 1px solid #dde2e8; border-radius: 6px; padding: 10px 12px; } .card b { display: block; font-size: 20px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
        th, td { border-bottom: 1px solid #e6e9ee; padding: 4px 8px; text-align: left; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        ul.findings { padding-left: 0; list-style: none; } ul.findings li { margin: 6px 0; padding: 6px 10px; border-left: 4px solid #E69F00; background: #fdf8ee; }
        .kind { font: 600 11px/1 ui-monospace, monospace; text-transform: uppercase; color: #7a4d00; margin-right: 6px; }
        svg { max-width: 100%; height: auto; } .chart-title { font-weight: 600; font-size: 14px; fill: #1d2733; }
        .axis, .legend { font-size: 11px; fill: #3c4856; } .grid { stroke: #e6e9ee; } .frame { fill: none; stroke: #9aa5b1; }
        .gap { fill: #d55e00; fill-opacity: 0.15; }
        """;

    /// <summary>Renders the page. <paramref name="generatedAt"/> is printed as the time of the report.</summary>
    public static string Render(ReportContent content, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(content);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>FlowAnalytics report</title><style>").Append(Style).Append("</style></head><body><main>");
        AppendHeader(html, content, generatedAt);
        AppendFindings(html, content.Findings);
        AppendTrafficOverTime(html, content);
        AppendAzMatrix(html, content);
        AppendRates(html, content);
        AppendLatency(html, content.Latency);
        AppendCoverage(html, content);
        AppendCost(html, content);
        AppendInputErrors(html, content);
        html.Append("<p class=\"note\">Made by <code>flowanalytics report</code> from ").Append(Encode(content.Input.Directory))
            .Append(". Traffic is what the endpoint ENIs logged; the same flows logged at the clients' ENIs are not added again. ")
            .Append("Costs are estimates (see the Cost section), not a bill.</p>");
        return html.Append("</main></body></html>").ToString();
    }

    private static void AppendHeader(StringBuilder html, ReportContent content, DateTimeOffset generatedAt)
    {
        DataFrame perAz = content.PerAz;
        long bytes = Sum(perAz, "bytes"), records = Sum(perAz, "records"), rejected = Sum(perAz, "rejected_records");
        (DateTime? first, DateTime? last) = Period(content.Input.EndpointTraffic);
        html.Append("<h1>VPC interface endpoints: traffic, health and cost</h1><p class=\"muted\">");
        html.Append(first is { } f && last is { } l
            ? Invariant($"Records from {f:yyyy-MM-dd HH:mm} to {l:yyyy-MM-dd HH:mm} UTC ({content.ObservedHours:F1} h). ")
            : "No endpoint traffic. ");
        html.Append(Invariant($"Generated {generatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
        if (!content.HasInventory)
        {
            html.Append(" No inventory given: endpoint AZs without any traffic are not known, so idle AZs may be missing (pass <code>--inventory</code>).");
        }

        html.Append("</p><div class=\"cards\">");
        Card(html, "endpoints", DisplayText.Count(content.Placement.Select(p => p.VpcEndpointId).Distinct().Count()));
        Card(html, "endpoint AZs", DisplayText.Count(content.Placement.Count));
        Card(html, "bytes at endpoint ENIs", DisplayText.Bytes(bytes));
        Card(html, "records", DisplayText.Count(records));
        Card(html, "rejected", DisplayText.Percent(records > 0 ? (double)rejected / records : null));
        Card(html, "cross-AZ bytes", DisplayText.Percent(CrossAzShare(content.ClientAzMatrix)));
        Card(html, "est. USD per month", DisplayText.Usd(content.Costs.Sum(c => c.TotalUsd)));
        Card(html, "findings", DisplayText.Count(content.Findings.Count));
        html.Append("</div>");
    }

    private static void AppendFindings(StringBuilder html, IReadOnlyList<Finding> findings)
    {
        html.Append("<h2 id=\"findings\">Findings</h2>");
        if (findings.Count == 0)
        {
            html.Append("<p>Nothing to flag: every endpoint has more than one AZ, every AZ carries traffic, no reject spikes, no SKIPDATA.</p>");
            return;
        }

        html.Append("<ul class=\"findings\">");
        foreach (Finding finding in findings)
        {
            html.Append("<li><span class=\"kind\">").Append(finding.KindName.Replace('_', ' ')).Append("</span>")
                .Append(Encode(finding.Summary)).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static void AppendCost(StringBuilder html, ReportContent content)
    {
        PriceBook prices = content.Prices;
        html.Append("<h2 id=\"cost\">Estimated monthly cost</h2><p class=\"note\">Estimates: every endpoint AZ is billed ")
            .Append(Invariant($"{prices.EndpointHourUsd} USD per hour (region overrides: {prices.EndpointHourUsdByRegion.Count}) × {prices.HoursPerMonth} h; "))
            .Append(Invariant($"data processed is the bytes the endpoint ENIs logged over {content.ObservedHours:F1} h, scaled to a month and priced in tiers over the account-region's total ("))
            .Append(string.Join(", ", prices.ProcessingTiers.Select(t => t.UpToGb is { } up ? Invariant($"{t.UsdPerGb} USD/GB up to {up:N0} GB") : Invariant($"{t.UsdPerGb} USD/GB beyond"))))
            .Append("). Prices: ").Append(Encode(prices.Source)).Append(". Check them against your region's price list.</p>");

        html.Append("<table><tr><th>endpoint</th><th>service</th><th class=\"n\">AZs</th><th class=\"n\">GB/month</th><th class=\"n\">hours USD</th><th class=\"n\">processing USD</th><th class=\"n\">total USD</th></tr>");
        foreach (IGrouping<string, EndpointAzCost> endpoint in content.Costs.GroupBy(c => c.VpcEndpointId).OrderByDescending(g => g.Sum(c => c.TotalUsd)))
        {
            Row(html, [endpoint.Key, DisplayText.ShortService(endpoint.First().ServiceName)],
                [DisplayText.Count(endpoint.Count()), Invariant($"{endpoint.Sum(c => c.MonthlyGb):F2}"), DisplayText.Usd(endpoint.Sum(c => c.HoursUsd)),
                 DisplayText.Usd(endpoint.Sum(c => c.ProcessingUsd)), DisplayText.Usd(endpoint.Sum(c => c.TotalUsd))]);
        }

        html.Append("</table><table><tr><th>endpoint</th><th>AZ</th><th>ENI</th><th class=\"n\">observed</th><th class=\"n\">GB/month</th><th class=\"n\">hours USD</th><th class=\"n\">processing USD</th><th class=\"n\">total USD</th></tr>");
        foreach (EndpointAzCost cost in content.Costs)
        {
            Row(html, [cost.VpcEndpointId, cost.AzId, cost.EniId ?? "?"],
                [DisplayText.Bytes(cost.ObservedBytes), Invariant($"{cost.MonthlyGb:F2}"), DisplayText.Usd(cost.HoursUsd), DisplayText.Usd(cost.ProcessingUsd), DisplayText.Usd(cost.TotalUsd)]);
        }

        html.Append("</table>");
    }

    private static void AppendInputErrors(StringBuilder html, ReportContent content)
    {
        html.Append("<h2 id=\"input\">Input quality</h2>");
        if (content.Input.Errors is not { } errors || errors.RowCount == 0)
        {
            html.Append("<p>No rejected lines and no failed objects.</p>");
            return;
        }

        long?[] lines = errors["line_number"].Int64Values!, counts = errors["reason_count"].Int64Values!;
        string?[] keys = errors["object_key"].StringValues!, reasons = errors["reason"].StringValues!;
        var failed = new SortedSet<string>(StringComparer.Ordinal);
        var rejected = new Dictionary<(string?, string?), long>();
        for (int row = 0; row < errors.RowCount; row++)
        {
            if (lines[row] is null)
            {
                failed.Add($"{keys[row]}: {reasons[row]}");
            }
            else
            {
                rejected[(keys[row], reasons[row])] = counts[row] ?? 1;
            }
        }

        html.Append("<p>").Append(DisplayText.Count(rejected.Values.Sum())).Append(" rejected lines, ")
            .Append(DisplayText.Count(failed.Count)).Append(" failed objects: their records are not in the figures above. The <code>errors</code> table locates each.</p>");
        if (failed.Count > 0)
        {
            html.Append("<ul>");
            foreach (string f in failed.Take(20))
            {
                html.Append("<li>").Append(Encode(f)).Append("</li>");
            }

            html.Append(failed.Count > 20 ? $"<li>… and {failed.Count - 20} more</li>" : string.Empty).Append("</ul>");
        }
    }

    private static void Card(StringBuilder html, string label, string value) =>
        html.Append("<div class=\"card\"><b>").Append(Encode(value)).Append("</b><span class=\"muted\">").Append(Encode(label)).Append("</span></div>");

    private static void Row(StringBuilder html, IReadOnlyList<string> texts, IReadOnlyList<string> numbers)
    {
        html.Append("<tr>");
        foreach (string text in texts)
        {
            html.Append("<td>").Append(Encode(text)).Append("</td>");
        }

        foreach (string number in numbers)
        {
            html.Append("<td class=\"n\">").Append(Encode(number)).Append("</td>");
        }

        html.Append("</tr>");
    }

    private static long Sum(DataFrame frame, string column) => frame.Columns[column].Cast<long?>().Sum(v => v ?? 0);

    private static (DateTime? First, DateTime? Last) Period(DataFrame endpointTraffic) =>
        (endpointTraffic.Columns["first_start"].Cast<DateTime?>().Min(), endpointTraffic.Columns["last_end"].Cast<DateTime?>().Max());

    private static double? CrossAzShare(DataFrame matrix)
    {
        long cross = 0, known = 0;
        for (long row = 0; row < matrix.Rows.Count; row++)
        {
            if (matrix.Columns["client_az_id"][row] is string client)
            {
                long bytes = (long?)matrix.Columns["bytes"][row] ?? 0;
                known += bytes;
                cross += client != (string?)matrix.Columns["az_id"][row] ? bytes : 0;
            }
        }

        return known > 0 ? (double)cross / known : null;
    }

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
