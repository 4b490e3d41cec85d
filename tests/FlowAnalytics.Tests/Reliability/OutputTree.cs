using System.Diagnostics;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.Reliability;

/// <summary>What a <c>run</c> left under <c>--out</c>, and the CLI started as a child process that can be killed.</summary>
internal static class OutputTree
{
    public static readonly string[] TrafficTables = ["endpoint_traffic", "eni_traffic"];

    /// <summary>Every file under <paramref name="root"/> as a sorted relative path with '/' separators.</summary>
    public static string[] Files(string root) =>
        Directory.Exists(root)
            ? [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>
    /// Asserts that every file is a complete part file readable by our reader, a manifest, or a
    /// temporary file (.tmp-*); and that no partition of the tables holds more than one part file
    /// (partials of <c>--incremental</c> runs, under <c>_partials/</c>, have one per run).
    /// </summary>
    public static async Task AssertWholeAsync(string root)
    {
        foreach (string file in Files(root))
        {
            string name = file[(file.LastIndexOf('/') + 1)..];
            if (name.StartsWith(AtomicFile.TempFilePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (file.StartsWith("_manifest/", StringComparison.Ordinal) || file.Contains("/_manifest/", StringComparison.Ordinal))
            {
                Assert.EndsWith(".json", name, StringComparison.Ordinal);
                using var manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(root, file)));
                continue;
            }

            Assert.True(name.StartsWith("part-", StringComparison.Ordinal) && name.EndsWith(".parquet", StringComparison.Ordinal), $"unexpected file {file}");
            SummaryTable table = await SummaryParquetReader.ReadFileAsync(Path.Combine(root, file));
            Assert.True(table.RowCount >= 0);
        }

        foreach (IGrouping<string, string> partition in Files(root)
            .Where(f => f[(f.LastIndexOf('/') + 1)..].StartsWith("part-", StringComparison.Ordinal) && !f.StartsWith("_partials/", StringComparison.Ordinal))
            .GroupBy(f => f[..f.LastIndexOf('/')]))
        {
            Assert.True(partition.Count() == 1, $"{partition.Key} holds {partition.Count()} part files");
        }
    }

    /// <summary>The traffic tables of two outputs are equal cell for cell.</summary>
    public static async Task AssertSameTrafficAsync(string expectedRoot, string actualRoot)
    {
        foreach (string table in TrafficTables)
        {
            SummaryTableAssert.Equal(
                await SummaryParquetReader.ReadTableAsync(Path.Combine(expectedRoot, table)),
                await SummaryParquetReader.ReadTableAsync(Path.Combine(actualRoot, table)));
        }
    }

    /// <summary>Starts the CLI (as <see cref="CliProcess"/> does) without waiting for it.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliProcess.CliAssembly);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // Drain both pipes so the child never blocks on a full one.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Polls every millisecond or so; the run it watches ends within seconds.</summary>
    public static async Task WaitForAsync(Func<bool> condition)
    {
        var limit = Stopwatch.StartNew();
        while (!condition() && limit.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(1);
        }
    }

    public static bool AnyNewerThan(string root, string pattern, DateTime utc)
    {
        try
        {
            return Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories).Any(f => File.GetLastWriteTimeUtc(f) > utc);
        }
        catch (IOException)
        {
            // A file or directory created, renamed or removed while listing.
            return false;
        }
    }

    /// <summary>Starts the CLI with <paramref name="args"/> and kills it when <paramref name="until"/> completes, unless it ended first.</summary>
    public static async Task<bool> KillAsync(Xunit.Abstractions.ITestOutputHelper log, string[] args, string point, Func<Task> until)
    {
        using Process process = Start(args);
        await Task.WhenAny(until(), process.WaitForExitAsync());
        bool wasRunning = !process.HasExited;
        if (wasRunning)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        log.WriteLine($"{point}: {(wasRunning ? "killed" : "had exited")}");
        return wasRunning;
    }
}
