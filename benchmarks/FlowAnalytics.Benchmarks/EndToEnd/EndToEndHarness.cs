using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Benchmarks.EndToEnd;

/// <summary>
/// The end-to-end comparison: generates a bucket deterministically, then runs the contenders side
/// by side (floor = decompress only, flowanalytics, DuckDB, a naive C# program), alternating, each
/// in its own process, several times, and prints a markdown table of median/min/max wall time,
/// CPU time, records/s, MB/s of uncompressed text and peak RSS, with the ratios that matter.
/// <c>e2e [--records N] [--format default|v5] [--files F] [--repeat R] [--threads T] [--work DIR]</c>
/// </summary>
public static class EndToEndHarness
{
    public const string Command = "e2e";

    public static async Task<int> RunAsync(string[] args)
    {
        long records = Option(args, "--records", 1_000_000);
        string formatName = OptionText(args, "--format", "default");
        int repeat = (int)Option(args, "--repeat", 3);
        int threads = (int)Option(args, "--threads", Environment.ProcessorCount);
        int files = (int)Option(args, "--files", 40);
        string work = OptionText(args, "--work", Path.Combine(Path.GetTempPath(), "flowanalytics-e2e"));
        if (!SampleRecordFormats.TryParse(formatName, out SampleRecordFormat format))
        {
            Console.Error.WriteLine($"--format {formatName}: use default or v5");
            return 1;
        }

        string bucket = Path.Combine(work, $"bucket-{formatName}-{records}-{files}");
        long uncompressed = EnsureBucket(bucket, records, format, files);
        var timings = new Dictionary<string, List<Measurement>>();
        for (int round = 0; round < repeat; round++)
        {
            // Alternate the order each round so no contender always runs on a warm page cache first.
            string[] order = round % 2 == 0 ? EndToEndContender.Names : [.. EndToEndContender.Names.Reverse()];
            foreach (string contender in order)
            {
                Measurement m = await MeasureAsync(contender, bucket, threads, Path.Combine(work, "out-" + contender));
                (timings.TryGetValue(contender, out var list) ? list : timings[contender] = []).Add(m);
                Console.Error.WriteLine($"round {round + 1}/{repeat} {contender}: {m.Wall.TotalSeconds:F2} s");
            }
        }

        Console.WriteLine(Table(timings, records, uncompressed, threads, formatName, repeat));
        return 0;
    }

    private static long EnsureBucket(string bucket, long records, SampleRecordFormat format, int files)
    {
        string marker = Path.Combine(bucket, ".complete");
        if (!File.Exists(marker))
        {
            if (Directory.Exists(bucket))
            {
                Directory.Delete(bucket, recursive: true);
            }

            SampleBucketSummary summary = SampleBucketGenerator.Generate(new SampleBucketOptions
            {
                OutputDirectory = bucket, Records = records, Seed = 20261126, Format = format, Files = files, Hours = Math.Max(1, files / 12),
            });
            File.WriteAllText(marker, summary.UncompressedBytes.ToString(CultureInfo.InvariantCulture));
        }

        return long.Parse(File.ReadAllText(marker), CultureInfo.InvariantCulture);
    }

    private static async Task<Measurement> MeasureAsync(string contender, string bucket, int threads, string output)
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(EndToEndHarness).Assembly.Location);
        }

        foreach (string arg in new[] { EndToEndContender.Command, contender, bucket, threads.ToString(CultureInfo.InvariantCulture), output })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        string stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        TimeSpan wall = clock.Elapsed;
        string result = stdout.Split('\n').Last(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        string[] parts = result.Split(' ');
        return new Measurement(wall, TimeSpan.FromMilliseconds(double.Parse(parts[2], CultureInfo.InvariantCulture)),
            long.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    private static string Table(Dictionary<string, List<Measurement>> timings, long records, long bytes, int threads, string format, int repeat)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{records:N0} records ({format} format, {bytes / 1e6:F0} MB uncompressed), {threads} threads, {repeat} runs each, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
        text.AppendLine();
        text.AppendLine("| contender | wall median (min–max) | CPU median | records/s | MB/s | peak RSS |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (string name in EndToEndContender.Names)
        {
            List<Measurement> m = timings[name];
            double wall = Median(m.Select(x => x.Wall.TotalSeconds));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {wall:F2} s ({m.Min(x => x.Wall.TotalSeconds):F2}–{m.Max(x => x.Wall.TotalSeconds):F2}) | {Median(m.Select(x => x.Cpu.TotalSeconds)):F2} s | {records / wall / 1e6:F2} M | {bytes / wall / 1e6:F0} | {m.Max(x => x.PeakRssKilobytes) / 1024} MB |");
        }

        double floor = Median(timings["floor"].Select(x => x.Wall.TotalSeconds));
        double ours = Median(timings["flowanalytics"].Select(x => x.Wall.TotalSeconds));
        double duck = Median(timings["duckdb"].Select(x => x.Wall.TotalSeconds));
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"flowanalytics / floor = {ours / floor:F2}×; DuckDB / flowanalytics = {duck / ours:F2}×");
        if (timings.TryGetValue("floor-isal", out List<Measurement>? isal))
        {
            double isalFloor = Median(isal.Select(x => x.Wall.TotalSeconds));
            double zlib = Median(timings["flowanalytics-zlib"].Select(x => x.Wall.TotalSeconds));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"flowanalytics / floor-isal = {ours / isalFloor:F2}×; flowanalytics-zlib / floor = {zlib / floor:F2}× (the engine inflates with ISA-L, the floor with .NET's zlib)");
        }
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static long Option(string[] args, string name, long fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? long.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal static string OptionText(string[] args, string name, string fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    private readonly record struct Measurement(TimeSpan Wall, TimeSpan Cpu, long PeakRssKilobytes);
}
