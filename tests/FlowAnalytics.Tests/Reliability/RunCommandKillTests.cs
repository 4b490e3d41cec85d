using System.Diagnostics;
using FlowAnalytics.Parquet;
using FlowAnalytics.Sampling;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;
using Xunit.Abstractions;

namespace FlowAnalytics.Tests.Reliability;

/// <summary>
/// <c>run</c> killed (SIGKILL) at fixed points: no part file is ever partial, and a rerun into the
/// same <c>--out</c> gives the tables of a clean run into a fresh directory.
/// </summary>
public sealed class RunCommandKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Run_KilledAtFixedPoints_NoPartialPartAndRerunEqualsCleanRun()
    {
        string bucket = Path.Combine(_root.Path, "bucket");
        SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = bucket,
            Records = 300_000,
            Seed = 11,
            Hours = 2,
            Start = new DateTimeOffset(2026, 11, 1, 23, 0, 0, TimeSpan.Zero),
        });
        string[] Args(string outDir) =>
            ["run", "--quiet", "--source", Path.Combine(bucket, "AWSLogs"), "--inventory", Path.Combine(bucket, "inventory"), "--out", outDir];

        string clean = Path.Combine(_root.Path, "clean");
        var clock = Stopwatch.StartNew();
        CliResult cleanRun = await CliProcess.RunAsync(_root.Path, Args(clean));
        TimeSpan cleanTime = clock.Elapsed;
        Assert.True(cleanRun.ExitCode == 0, cleanRun.ToString());

        // Fixed points in time: start-up and reading, before anything is written.
        string killed = Path.Combine(_root.Path, "killed");
        foreach (int point in new[] { 50, 200, 500, 1000 })
        {
            await KillAsync(Args(killed), $"{point} ms", () => Task.Delay(point));
            await OutputTree.AssertWholeAsync(killed);
        }

        await RerunAndCompareAsync(Args(killed), clean, killed);

        // Over a complete previous output: killed as the first temporary file appears, a seeded
        // moment after that, and as the first part file is replaced (between the renames).
        var random = new Random(42);
        DateTime started = DateTime.UtcNow;
        await KillAsync(Args(killed), "first temporary file", () => OutputTree.WaitForAsync(() => OutputTree.AnyNewerThan(killed, AtomicFile.TempFilePrefix + "*", started)));
        await OutputTree.AssertWholeAsync(killed);
        int extra = random.Next(1, 40);
        started = DateTime.UtcNow;
        await KillAsync(Args(killed), $"{extra} ms after the first temporary file", async () =>
        {
            await OutputTree.WaitForAsync(() => OutputTree.AnyNewerThan(killed, AtomicFile.TempFilePrefix + "*", started));
            await Task.Delay(extra);
        });
        await OutputTree.AssertWholeAsync(killed);
        started = DateTime.UtcNow;
        await KillAsync(Args(killed), "first part file replaced", () => OutputTree.WaitForAsync(() => OutputTree.AnyNewerThan(killed, "part-*.parquet", started)));
        await OutputTree.AssertWholeAsync(killed);

        await RerunAndCompareAsync(Args(killed), clean, killed);
        string[] leftovers = [.. OutputTree.Files(killed).Where(f => f.Contains(AtomicFile.TempFilePrefix, StringComparison.Ordinal))];
        output.WriteLine($"clean run {cleanTime.TotalMilliseconds:F0} ms; temporary files left after the reruns: {leftovers.Length}");
    }

    private async Task KillAsync(string[] args, string point, Func<Task> until)
    {
        using Process process = OutputTree.Start(args);
        // Gives up waiting for the event when the run ends first.
        await Task.WhenAny(until(), process.WaitForExitAsync());
        bool wasRunning = !process.HasExited;
        if (wasRunning)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        string[] files = OutputTree.Files(args[^1]);
        output.WriteLine($"{point}: {(wasRunning ? "killed" : "had exited")}; {files.Length} files, "
            + $"{files.Count(f => f.Contains(AtomicFile.TempFilePrefix, StringComparison.Ordinal))} temporary");
    }

    private static async Task RerunAndCompareAsync(string[] args, string clean, string killed)
    {
        CliResult rerun = await CliProcess.RunAsync(Path.GetTempPath(), args);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        await OutputTree.AssertWholeAsync(killed);
        await OutputTree.AssertSameTrafficAsync(clean, killed);
        Assert.Equal(
            OutputTree.Files(clean).Where(f => f.EndsWith(".parquet", StringComparison.Ordinal)),
            OutputTree.Files(killed).Where(f => f.EndsWith(".parquet", StringComparison.Ordinal)));
    }
}
