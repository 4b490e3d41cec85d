using System.Text.Json;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using FlowAnalytics.Sampling;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.Reliability;

/// <summary>The CLI run twice into the same <c>--out</c>: the same files, byte for byte, and no copies.</summary>
public sealed class RunCommandRerunTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Run_TwiceIntoTheSameOut_IdenticalTablesOnePartPerPartitionSameInputs()
    {
        string bucket = Path.Combine(_root.Path, "bucket");
        // Two hours across midnight: two date partitions.
        SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = bucket,
            Records = 30_000,
            Seed = 7,
            Hours = 2,
            Start = new DateTimeOffset(2026, 11, 1, 23, 0, 0, TimeSpan.Zero),
        });
        // A plain flow log (its header says so) with bad lines, so the errors table has rows stamped with the run id.
        string logs = Path.Combine(bucket, "AWSLogs");
        await File.WriteAllTextAsync(
            Path.Combine(logs, "bad-lines.log"),
            "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n2 123456789012 eni-0a1b\nnot a flow log line\n");
        string output = Path.Combine(_root.Path, "out");
        string[] args = ["run", "--quiet", "--source", logs, "--inventory", Path.Combine(bucket, "inventory"), "--out", output];

        CliResult first = await CliProcess.RunAsync(_root.Path, args);
        Assert.True(first.ExitCode == 0, first.ToString());
        Dictionary<string, byte[]> firstFiles = Snapshot(output);
        SummaryTable firstErrors = await SummaryParquetReader.ReadTableAsync(Path.Combine(output, "errors"));

        CliResult second = await CliProcess.RunAsync(_root.Path, args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Dictionary<string, byte[]> secondFiles = Snapshot(output);
        SummaryTable secondErrors = await SummaryParquetReader.ReadTableAsync(Path.Combine(output, "errors"));

        // Same part files; the traffic tables byte for byte.
        Assert.Equal(firstFiles.Keys.Where(IsPart).Order(), secondFiles.Keys.Where(IsPart).Order());
        Assert.Contains("endpoint_traffic/date=2026-11-01/part-00000.parquet", firstFiles.Keys);
        Assert.Contains("endpoint_traffic/date=2026-11-02/part-00000.parquet", firstFiles.Keys);
        foreach (string part in firstFiles.Keys.Where(p => IsPart(p) && !p.StartsWith("errors/", StringComparison.Ordinal)))
        {
            Assert.True(firstFiles[part].AsSpan().SequenceEqual(secondFiles[part]), $"{part} differs between runs");
        }

        // The errors table: the same cells except the run id.
        Assert.Equal(2, firstErrors.RowCount);
        string? firstId = Assert.Single(firstErrors["run_id"].StringValues!.Distinct());
        string? secondId = Assert.Single(secondErrors["run_id"].StringValues!.Distinct());
        Assert.NotEqual(firstId, secondId);
        SummaryTableAssert.Equal(WithoutRunId(firstErrors), WithoutRunId(secondErrors));

        await OutputTree.AssertWholeAsync(output);
        Assert.DoesNotContain(OutputTree.Files(output), f => f.Contains(AtomicFile.TempFilePrefix, StringComparison.Ordinal));

        // One manifest per run, listing the same inputs.
        string[] manifests = [.. secondFiles.Keys.Where(f => f.StartsWith("_manifest/", StringComparison.Ordinal))];
        Assert.Equal(new[] { $"_manifest/{firstId}.json", $"_manifest/{secondId}.json" }.Order(StringComparer.Ordinal), manifests.Order(StringComparer.Ordinal));
        Assert.Equal(Inputs(secondFiles[$"_manifest/{firstId}.json"]), Inputs(secondFiles[$"_manifest/{secondId}.json"]));
        Assert.Equal(25, Inputs(secondFiles[$"_manifest/{secondId}.json"]).Length);
    }

    private static bool IsPart(string path) => path.EndsWith(".parquet", StringComparison.Ordinal);

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        OutputTree.Files(root).ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(root, f)));

    private static SummaryTable WithoutRunId(SummaryTable table) =>
        new(table.Name, table.RowCount, [.. table.Columns.Where(c => c.Name != "run_id")]);

    /// <summary>Each input as key, size, lines, records, errors, failure.</summary>
    private static string[] Inputs(byte[] manifest)
    {
        using JsonDocument json = JsonDocument.Parse(manifest);
        return [.. json.RootElement.GetProperty("inputs").EnumerateArray().Select(i =>
            $"{i.GetProperty("key").GetString()} {i.GetProperty("size").GetInt64()} {i.GetProperty("lines").GetInt64()} "
            + $"{i.GetProperty("records").GetInt64()} {i.GetProperty("errors").GetInt64()} {i.GetProperty("failure")}")];
    }
}
