using FlowAnalytics.Aggregation;
using FlowAnalytics.Cli;
using FlowAnalytics.Parquet;
using FlowAnalytics.Sampling;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;
using Xunit.Abstractions;

namespace FlowAnalytics.Tests.Reliability;

/// <summary>
/// <c>run --incremental</c>: objects arriving over several runs, some late for windows already
/// written, some runs killed, give the tables of one clean run over every object.
/// </summary>
public sealed class IncrementalRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_IncrementalWithLateObjects_SameTablesAsOneCleanRun()
    {
        (SampleBucketSummary sample, string logs, string[] late) = Generate(records: 20_000, files: 24);
        string incremental = Path.Combine(_temp.Path, "incremental");
        string held = Hold(late);

        CliResult first = await RunAsync(logs, sample, incremental, "--incremental");
        CliResult nothingNew = await RunAsync(logs, sample, incremental, "--incremental");
        SummaryTable before = await ReadAsync(incremental, TrafficTables.EndpointTraffic);
        Restore(held, late);
        CliResult withLate = await RunAsync(logs, sample, incremental, "--incremental");

        Assert.Contains("24 objects already processed", (await RunAsync(logs, sample, incremental, "--incremental")).Error, StringComparison.Ordinal);
        Assert.Contains("21 objects already processed, 0 new", nothingNew.Error, StringComparison.Ordinal);
        Assert.Contains("21 objects already processed, 3 new", withLate.Error, StringComparison.Ordinal);
        Assert.True(before.RowCount > 0, first.ToString());
        await AssertEqualsCleanRunAsync(logs, sample, incremental);

        // The late objects' windows were already written: their rows now count the late records,
        // in the same partition files, not in a second copy.
        foreach (string table in OutputTree.TrafficTables)
        {
            Assert.All(Directory.GetDirectories(Path.Combine(incremental, table)), partition =>
                Assert.Equal([LocalParquetSink.PartFileName], Directory.GetFiles(partition).Select(Path.GetFileName)));
        }
    }

    [Fact]
    public async Task Run_IncrementalKilledAtSeededPoints_RerunEqualsOneCleanRun()
    {
        (SampleBucketSummary sample, string logs, string[] late) = Generate(records: 200_000, files: 30);
        string incremental = Path.Combine(_temp.Path, "incremental");
        string held = Hold(late);
        await RunAsync(logs, sample, incremental, "--incremental");
        Restore(held, late);
        string[] args = ["run", "--quiet", "--incremental", "--source", logs, "--inventory", Inventory(sample), "--out", incremental];

        // Killed while reading the late objects, as the new partial's manifest appears (before its
        // merge), and at seeded moments after it: each leaves whole files, and the next run finishes.
        var random = new Random(17);
        foreach (int delay in (int[])[random.Next(100, 600), random.Next(100, 600)])
        {
            await OutputTree.KillAsync(output, args, $"{delay} ms", () => Task.Delay(delay));
            await OutputTree.AssertWholeAsync(incremental);
        }

        foreach (int extra in (int[])[0, random.Next(1, 30)])
        {
            DateTime started = DateTime.UtcNow;
            await OutputTree.KillAsync(output, args, $"{extra} ms after a new partial manifest", async () =>
            {
                await OutputTree.WaitForAsync(() => OutputTree.AnyNewerThan(Path.Combine(incremental, "_partials", "_manifest"), "*.json", started));
                await Task.Delay(extra);
            });
            await OutputTree.AssertWholeAsync(incremental);
        }

        CliResult rerun = await CliProcess.RunAsync(_temp.Path, args);
        Assert.True(rerun.ExitCode == ExitCodes.Ok, rerun.ToString());
        await AssertEqualsCleanRunAsync(logs, sample, incremental);
    }

    [Fact]
    public async Task Run_IncrementalWithTheSourceSpelledAnotherWay_ReadsNothingAgain()
    {
        (SampleBucketSummary sample, string logs, _) = Generate(records: 3_000, files: 6);
        string incremental = Path.Combine(_temp.Path, "incremental");
        await RunAsync(logs, sample, incremental, "--incremental");
        string relative = Path.GetRelativePath(_temp.Path, logs);

        CliResult again = await CliProcess.RunAsync(_temp.Path, "run", "--quiet", "--incremental", "--source", "./" + relative + "/", "--inventory", Inventory(sample), "--out", incremental);

        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("6 objects already processed, 0 new", again.Error, StringComparison.Ordinal);
        await AssertEqualsCleanRunAsync(logs, sample, incremental);
    }

    [Fact]
    public async Task Run_PlainRunIntoAnIncrementalOutput_ExitsOneAndChangesNothing()
    {
        (SampleBucketSummary sample, string logs, _) = Generate(records: 3_000, files: 6);
        string incremental = Path.Combine(_temp.Path, "incremental");
        await RunAsync(logs, sample, incremental, "--incremental");
        string[] before = OutputTree.Files(incremental);

        CliResult plain = await CliProcess.RunAsync(_temp.Path, "run", "--source", logs, "--inventory", Inventory(sample), "--out", incremental, "--quiet");
        CliResult otherWindow = await CliProcess.RunAsync(_temp.Path, "run", "--incremental", "--window", "1h", "--source", logs, "--inventory", Inventory(sample), "--out", incremental);

        Assert.True(plain.ExitCode == ExitCodes.Usage, plain.ToString());
        Assert.Contains("is kept by --incremental runs", plain.Error, StringComparison.Ordinal);
        Assert.True(otherWindow.ExitCode == ExitCodes.Usage, otherWindow.ToString());
        Assert.Contains("keeps its window", otherWindow.Error, StringComparison.Ordinal);
        Assert.Equal(before, OutputTree.Files(incremental));
    }

    [Fact]
    public async Task Run_IncrementalObjectChangedSinceRead_SkippedWithAWarningNamingIt()
    {
        (SampleBucketSummary sample, string logs, _) = Generate(records: 3_000, files: 6);
        string incremental = Path.Combine(_temp.Path, "incremental");
        await RunAsync(logs, sample, incremental, "--incremental");
        SummaryTable before = await ReadAsync(incremental, TrafficTables.EndpointTraffic);
        File.SetLastWriteTimeUtc(sample.Objects[2].Path, DateTime.UtcNow.AddMinutes(5));

        CliResult result = await RunAsync(logs, sample, incremental, "--incremental");

        Assert.Contains("1 objects changed since an earlier run read them", result.Error, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(sample.Objects[2].Path), result.Error, StringComparison.Ordinal);
        SummaryTableAssert.Equal(before, await ReadAsync(incremental, TrafficTables.EndpointTraffic));
    }

    private (SampleBucketSummary Sample, string Logs, string[] Late) Generate(int records, int files)
    {
        SampleBucketSummary sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = Path.Combine(_temp.Path, "bucket"), Records = records, Seed = 53, Hours = 4, Files = files,
            Start = new DateTimeOffset(2026, 11, 1, 22, 0, 0, TimeSpan.Zero),
        });
        // Late: an early object of each day and one in the middle, held back from the first run.
        string[] late = [sample.Objects[1].Path, sample.Objects[files / 2].Path, sample.Objects[files - 2].Path];
        return (sample, Path.Combine(sample.OutputDirectory, "AWSLogs"), late);
    }

    private string Hold(string[] files)
    {
        string held = Path.Combine(_temp.Path, "held");
        Directory.CreateDirectory(held);
        foreach (string file in files)
        {
            File.Move(file, Path.Combine(held, Path.GetFileName(file)));
        }

        return held;
    }

    private static void Restore(string held, string[] files)
    {
        foreach (string file in files)
        {
            File.Move(Path.Combine(held, Path.GetFileName(file)), file);
        }
    }

    private static string Inventory(SampleBucketSummary sample) => Path.Combine(sample.OutputDirectory, SampleBucketGenerator.InventoryFolder);

    private async Task<CliResult> RunAsync(string logs, SampleBucketSummary sample, string outDir, params string[] extra)
    {
        CliResult result = await CliProcess.RunAsync(_temp.Path, ["run", "--quiet", "--source", logs, "--inventory", Inventory(sample), "--out", outDir, .. extra]);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return result;
    }

    // A clean run writes rows in its own order; merged alone they come in key order, as merged tables do.
    private async Task AssertEqualsCleanRunAsync(string logs, SampleBucketSummary sample, string incremental)
    {
        string clean = Path.Combine(_temp.Path, $"clean-{Guid.NewGuid():N}");
        await RunAsync(logs, sample, clean);
        foreach (string table in OutputTree.TrafficTables)
        {
            SummaryTableAssert.Equal(SummaryRowMerger.Merge([await ReadAsync(clean, table)]), await ReadAsync(incremental, table));
        }
    }

    private static Task<SummaryTable> ReadAsync(string root, string table) => SummaryParquetReader.ReadTableAsync(Path.Combine(root, table));
}
