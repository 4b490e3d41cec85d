using System.Text.RegularExpressions;
using FlowAnalytics.Analysis.Cost;
using FlowAnalytics.Analysis.Findings;
using FlowAnalytics.Analysis.Placement;
using FlowAnalytics.Analysis.Report;
using FlowAnalytics.Cli;
using FlowAnalytics.Inventory;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Analysis;

/// <summary><c>flowanalytics report</c> on the bundled samples: the page, its findings and the cost table, and the page in a real browser.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class HtmlReportTests : IAsyncLifetime
{
    private readonly TempDirectory _out = new();
    private CliResult _report = null!;

    private static string Inventory => SampleOutput.Inventory;

    private string ReportPath => Path.Combine(_out.Path, "report.html");

    public async Task InitializeAsync()
    {
        _report = await SampleOutput.RunAndReportAsync(_out.Path);
    }

    public Task DisposeAsync()
    {
        _out.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Report_Samples_OneSelfContainedPageWithEverySection()
    {
        string html = File.ReadAllText(ReportPath);

        // Nothing to fetch: no script, no external resource of any kind. The SVG namespace is a name, not a request.
        string withoutNamespace = html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalReference(), withoutNamespace);
        Assert.Equal(
            ["findings", "traffic", "az-matrix", "rates", "latency", "coverage", "cost", "input"],
            SectionIds().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Equal(3, Regex.Count(html, "<svg "));
        Assert.Contains("SKIPDATA: incomplete", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"kind\">single az endpoint</span>vpce-05f2cc8ef0f47853a (sts)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Samples_PrintsTheFindingsTheApiFinds()
    {
        ReportInput input = await ReportInput.LoadAsync(_out.Path);
        IReadOnlyList<EndpointAz> placement = EndpointPlacement.From(input.EndpointTraffic, EndpointInventory.Load([Inventory]));

        IReadOnlyList<Finding> findings = EndpointFindings.Find(input.EndpointTraffic, input.EniTraffic, placement);

        // The samples were made with one single-AZ endpoint (sts, which is also cross-AZ heavy), one idle AZ (kms in use1-az4) and SKIPDATA.
        Assert.Equal(
            [(FindingKind.SingleAzEndpoint, "vpce-05f2cc8ef0f47853a", "use1-az1"), (FindingKind.IdleEndpointAz, "vpce-03e557f622192d7af", "use1-az4"),
             (FindingKind.CrossAzHeavy, "vpce-05f2cc8ef0f47853a", null), (FindingKind.SkipdataPeriod, null, null)],
            findings.Select(f => (f.Kind, f.VpcEndpointId, f.AzId)));
        string[] lines = _report.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal([$"{findings.Count} findings:", .. findings.Select(f => $"  {f.KindName}: {f.Summary}")], lines.Skip(1).Take(findings.Count + 1));
    }

    [Fact]
    public async Task Report_Samples_CostTableIsTheApiEstimate_AsDuckDbReadsIt()
    {
        ReportInput input = await ReportInput.LoadAsync(_out.Path);
        IReadOnlyList<EndpointAzCost> costs = CostEstimator.Estimate(
            input.EndpointTraffic, EndpointPlacement.From(input.EndpointTraffic, EndpointInventory.Load([Inventory])), new PriceBook());

        using var duck = new DuckDbQuery();
        string source = $"read_parquet({DuckDbQuery.Literal(Path.Combine(_out.Path, CostTable.Name, "part-00000.parquet"))})";
        List<object?[]> rows = duck.Rows($"SELECT vpc_endpoint_id, az_id, observed_bytes, round(total_usd_per_month, 6) FROM {source} ORDER BY 1, 2");

        Assert.Equal(13, rows.Count);
        Assert.Equal(costs.Select(c => $"{c.VpcEndpointId} {c.AzId} {c.ObservedBytes} {Math.Round(c.TotalUsd, 6)}"), rows.Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]}"));
        // Endpoint bytes in the cost table are the endpoint-ENI bytes of endpoint_traffic, exactly.
        object? bytes = duck.Scalar(
            $"SELECT sum(bytes)::BIGINT FROM read_parquet({DuckDbQuery.Literal(Path.Combine(_out.Path, "endpoint_traffic", "*", "*.parquet"))}) WHERE observed_at = 'endpoint_eni'");
        Assert.Equal(Convert.ToInt64(bytes, System.Globalization.CultureInfo.InvariantCulture), costs.Sum(c => c.ObservedBytes));
        Assert.Contains($"({costs.Count} endpoint AZs, about {FlowAnalytics.Analysis.DisplayText.Usd(costs.Sum(c => c.TotalUsd))} USD a month, an estimate)", _report.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_InHeadlessChromium_NoErrorsNoFetchesAndNotBlank()
    {
        string png = Path.Combine(_out.Path, "report.png");

        PageVisit visit = await ReportBrowser.OpenAsync(ReportPath, png);

        Assert.Equal("FlowAnalytics report", visit.Title);
        Assert.Equal([visit.Url], visit.Requests);
        Assert.Empty(visit.ConsoleErrors);
        Assert.Empty(visit.PageErrors);
        Assert.Equal(3, visit.SvgCharts);
        Assert.True(visit.Height > 2000, $"the page is {visit.Height} px tall: sections missing?");
        Assert.True(visit.NonBackground > visit.Width * visit.Height / 20, $"only {visit.NonBackground} of {visit.Width}×{visit.Height} pixels differ from the background");
        Assert.True(visit.Colors > 50, $"{visit.Colors} colours: charts not drawn?");
    }

    [Fact]
    public async Task Report_WithoutInventory_SaysWhatIsMissingAndCostsOnlyAzsWithTraffic()
    {
        string html = Path.Combine(_out.Path, "no-inventory.html");

        CliResult result = await CliConsole.InvokeAsync("report", "--in", _out.Path, "--out", html);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("No inventory given: endpoint AZs without any traffic are not known", File.ReadAllText(html), StringComparison.Ordinal);
        Assert.Contains("(13 endpoint AZs,", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--in", "{missing}", "No such output directory: {missing}")]
    [InlineData("--in", "{empty}", "has no endpoint_traffic table: pass the --out of a run or merge.")]
    [InlineData("--in", "s3://bucket/out", "--in must be a local directory; copy s3://bucket/out down first")]
    [InlineData("--prices", "{bad-prices}", "unknown key \"hourly\"")]
    [InlineData("--idle-az-share", "5", "--idle-az-share must be a share between 0 and 1")]
    public async Task Report_BadArguments_UsageErrorWithOneLine(string option, string value, string expected)
    {
        using var scratch = new TempDirectory();
        string Expand(string text) => text
            .Replace("{missing}", Path.Combine(scratch.Path, "nothing"), StringComparison.Ordinal)
            .Replace("{empty}", scratch.Path, StringComparison.Ordinal)
            .Replace("{bad-prices}", Path.Combine(scratch.Path, "prices.json"), StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(scratch.Path, "prices.json"), "{\"hourly\": 1}");
        string[] args = option == "--in" ? ["report", "--in", Expand(value)] : ["report", "--in", _out.Path, "--out", Path.Combine(scratch.Path, "r.html"), option, Expand(value)];

        CliResult result = await CliConsole.InvokeAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("flowanalytics report: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(Expand(expected), result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(scratch.Path, "r.html")));
    }

    [GeneratedRegex("<script|\\bsrc=|\\bhref=|url\\(|@import|https?://", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<h2 id=\"([a-z-]+)\"")]
    private static partial Regex SectionIds();
}
