using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Cli.Commands;

/// <summary><c>flowanalytics sample</c>: writes a realistic, deterministic flow-log bucket and its inventory.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Directory to write into: inventory/ (describe-* JSON) and AWSLogs/ (gzip objects in S3's default key layout). Created if missing.",
            Required = true,
        };
        var records = new Option<long>("--records")
        {
            Description = "Exact number of flow-log records over all objects.",
            DefaultValueFactory = _ => 100_000,
        };
        var seed = new Option<long>("--seed")
        {
            Description = "Random seed: the same seed and options write byte-identical files (ids, addresses, traffic).",
            DefaultValueFactory = _ => 1,
        };
        var format = new Option<string>("--format")
        {
            Description = "Record layout: 'default' (the 14-field v2 format) or 'v5' (29 fields: every v2–v5 field, with flow-direction, traffic-path and pkt-*-aws-service).",
            DefaultValueFactory = _ => "default",
        };
        format.AcceptOnlyFromAmong("default", "v5");
        var files = new Option<int?>("--files")
        {
            Description = "Number of objects. Default: one per 5 minutes of data (as S3 delivery does), at most one per record.",
        };
        var start = new Option<string>("--start")
        {
            Description = "Start of the data, UTC ISO 8601 (e.g. 2026-11-01T00:00Z); rounded down to the minute.",
            DefaultValueFactory = _ => "2026-11-01T00:00Z",
        };
        var hours = new Option<int>("--hours")
        {
            Description = "Hours of data the records are spread over.",
            DefaultValueFactory = _ => 1,
        };

        var command = new Command("sample", "Generate a realistic VPC Flow Logs bucket (gzip objects, both ends of every flow, rejects, NODATA/SKIPDATA, IPv6, NAT-gateway S3 traffic) and its describe-* inventory, deterministically from a seed.")
        {
            output, records, seed, format, files, start, hours,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            string startText = result.GetValue(start)!;
            if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset startTime))
            {
                await Console.Error.WriteLineAsync($"flowanalytics sample: --start '{startText}' is not a date and time (expected e.g. 2026-11-01T00:00Z).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            SampleRecordFormats.TryParse(result.GetValue(format), out SampleRecordFormat recordFormat);
            var options = new SampleBucketOptions
            {
                OutputDirectory = result.GetValue(output)!,
                Records = result.GetValue(records),
                Seed = result.GetValue(seed),
                Format = recordFormat,
                Files = result.GetValue(files),
                Start = startTime,
                Hours = result.GetValue(hours),
            };
            if (options.Validate() is { } problem)
            {
                await Console.Error.WriteLineAsync($"flowanalytics sample: {problem}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var clock = Stopwatch.StartNew();
            SampleBucketSummary summary;
            try
            {
                summary = await Task.Run(() => SampleBucketGenerator.Generate(options, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"flowanalytics sample: cannot write to {options.OutputDirectory}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Fatal;
            }

            WriteSummary(Console.Out, summary, options, clock.Elapsed);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteSummary(TextWriter console, SampleBucketSummary summary, SampleBucketOptions options, TimeSpan elapsed)
    {
        const double Megabyte = 1024 * 1024;
        CultureInfo invariant = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(invariant,
            $"Wrote {summary.Objects.Count:N0} objects, {summary.Records:N0} records ({options.Format.ToString().ToLowerInvariant()} format), " +
            $"{summary.UncompressedBytes / Megabyte:N1} MB uncompressed, {summary.CompressedBytes / Megabyte:N1} MB gzip, in {elapsed.TotalSeconds:N1} s."));
        if (summary.Objects.Count > 0)
        {
            SampleObject first = summary.Objects[0];
            SampleObject last = summary.Objects[^1];
            console.WriteLine(string.Create(invariant, $"  objects:   {Path.Combine(summary.OutputDirectory, "AWSLogs", summary.AccountId)}"));
            console.WriteLine(string.Create(invariant, $"  keys:      {first.Timestamp:yyyy-MM-ddTHH:mmZ} … {last.Timestamp:yyyy-MM-ddTHH:mmZ}, flow log {summary.FlowLogId}"));
        }

        console.WriteLine($"  inventory: {string.Join(", ", summary.InventoryFiles)}");
    }
}
