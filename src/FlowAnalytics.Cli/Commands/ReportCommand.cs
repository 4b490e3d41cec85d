using System.CommandLine;
using System.Text;
using FlowAnalytics.Analysis;
using FlowAnalytics.Analysis.Cost;
using FlowAnalytics.Analysis.Findings;
using FlowAnalytics.Analysis.Report;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using FlowAnalytics.S3;

namespace FlowAnalytics.Cli.Commands;

/// <summary><c>flowanalytics report</c>: an output directory → one self-contained HTML page, the <c>cost</c> table and the findings.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in")
        {
            Description = "Output directory of a run or merge (its --out; an S3 output: copy it down first with 'aws s3 sync').",
            DefaultValueFactory = _ => "out",
        };
        var output = new Option<string?>("--out") { Description = "The HTML file to write. Default: <--in>/report.html." };
        var inventory = new Option<string[]>("--inventory")
        {
            Description = "The run's inventory (files, directories or s3:// prefixes of describe-* JSON), so endpoint AZs without any traffic are costed and flagged. Repeatable. Without it only AZs seen in the traffic are known.",
            AllowMultipleArgumentsPerToken = true,
        };
        var prices = new Option<string?>("--prices")
        {
            Description = "Price book JSON (endpoint_hour_usd, endpoint_hour_usd_by_region, processing_tiers, hours_per_month). Default: AWS PrivateLink list prices for us-east-1.",
        };
        var idleShare = new Option<double>("--idle-az-share")
        {
            Description = "Flag an endpoint AZ carrying less than this share of its endpoint's bytes.",
            DefaultValueFactory = _ => new FindingThresholds().IdleAzShare,
        };
        var crossShare = new Option<double>("--cross-az-share")
        {
            Description = "Flag an endpoint with more than this share of its bytes from clients in other AZs.",
            DefaultValueFactory = _ => new FindingThresholds().CrossAzShare,
        };
        var spikeRate = new Option<double>("--reject-spike-rate")
        {
            Description = "Flag a window whose reject rate reaches this and 3× the endpoint's usual rate.",
            DefaultValueFactory = _ => new FindingThresholds().RejectSpikeRate,
        };
        var command = new Command(
            "report",
            "Write an HTML report of an output (traffic per endpoint and AZ over time, client-AZ → endpoint-AZ matrix, reject and RST rates, " +
            "flow duration and delivery lag percentiles, NODATA/SKIPDATA coverage, findings, estimated monthly cost) and the cost table <--in>/cost/.")
        {
            input, output, inventory, prices, idleShare, crossShare, spikeRate,
        };
        command.SetAction((result, cancellationToken) => ReportAsync(
            result.GetValue(input)!, result.GetValue(output), result.GetValue(inventory) ?? [], result.GetValue(prices),
            new FindingThresholds { IdleAzShare = result.GetValue(idleShare), CrossAzShare = result.GetValue(crossShare), RejectSpikeRate = result.GetValue(spikeRate) },
            cancellationToken));
        return command;
    }

    private static async Task<int> ReportAsync(
        string input, string? output, string[] inventoryPaths, string? pricesPath, FindingThresholds thresholds, CancellationToken cancellationToken)
    {
        try
        {
            CheckShare("--idle-az-share", thresholds.IdleAzShare);
            CheckShare("--cross-az-share", thresholds.CrossAzShare);
            CheckShare("--reject-spike-rate", thresholds.RejectSpikeRate);
            if (S3Location.IsS3Uri(input))
            {
                throw new FormatException($"--in must be a local directory; copy {input} down first (aws s3 sync {input} ./out).");
            }

            PriceBook priceBook = pricesPath is null ? new PriceBook() : PriceBook.Load(pricesPath);
            EndpointInventory? inventory = inventoryPaths.Length == 0
                ? null
                : await InventoryFiles.LoadAsync(inventoryPaths, new StorageSettings(new S3ClientOptions(), new S3SinkOptions(), null), cancellationToken).ConfigureAwait(false);
            ReportInput tables = await ReportInput.LoadAsync(input, cancellationToken).ConfigureAwait(false);
            ReportContent content = ReportContent.Create(tables, inventory, priceBook, thresholds);

            string htmlPath = output ?? Path.Combine(input, "report.html");
            string html = HtmlReport.Render(content, DateTimeOffset.UtcNow);
            await AtomicFile.WriteAsync(htmlPath, (stream, ct) => stream.WriteAsync(Encoding.UTF8.GetBytes(html), ct).AsTask(), cancellationToken).ConfigureAwait(false);
            string costPath = await CostTable.WriteAsync(content.Costs, input, cancellationToken).ConfigureAwait(false);

            Console.WriteLine($"wrote {htmlPath} and {costPath} ({content.Costs.Count} endpoint AZs, about {DisplayText.Usd(content.Costs.Sum(c => c.TotalUsd))} USD a month, an estimate)");
            Console.WriteLine(content.Findings.Count == 0 ? "no findings" : $"{content.Findings.Count} findings:");
            foreach (Finding finding in content.Findings)
            {
                Console.WriteLine($"  {finding.KindName}: {finding.Summary}");
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or DirectoryNotFoundException or InventoryFormatException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"flowanalytics report: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"flowanalytics report: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Fatal;
        }
    }

    private static void CheckShare(string option, double value)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            throw new FormatException($"{option} must be a share between 0 and 1, such as 0.05; got {value}.");
        }
    }
}
