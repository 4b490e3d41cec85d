using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Cli;
using FlowAnalytics.Parquet;
using FlowAnalytics.Sampling;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.Cli;

/// <summary>
/// The job split over shards or key batches and put together by <c>merge</c>, as a user runs it:
/// the merged tables equal those of one process over the whole bucket, cell for cell.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ShardedRunTests : IDisposable
{
    private static readonly string[] TrafficTableNames = [TrafficTables.EndpointTraffic, TrafficTables.EniTraffic, ServicePathTable.Name];

    private readonly TempDirectory _temp = new();
    private readonly SampleBucketSummary _sample;

    public ShardedRunTests()
    {
        _sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            // v5: service_paths is merged too.
            OutputDirectory = Path.Combine(_temp.Path, "bucket"), Records = 24_000, Seed = 31, Hours = 30, Files = 30, Format = SampleRecordFormat.V5,
            Start = new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero),
        });
    }

    private string Logs => Path.Combine(_sample.OutputDirectory, "AWSLogs");

    private string Inventory => Path.Combine(_sample.OutputDirectory, SampleBucketGenerator.InventoryFolder);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAndMerge_OneThreeAndSevenShards_IdenticalTablesAndEveryObjectOnce()
    {
        string single = await RunAsync("single");
        string singleMerged = await MergeAsync(single, "single-merged");

        foreach (int count in (int[])[3, 7])
        {
            string partials = Path.Combine(_temp.Path, $"partials-{count}");
            for (int i = 0; i < count; i++)
            {
                await RunPartAsync(partials, "--shard", $"{i}/{count}");
            }

            string merged = await MergeAsync(partials, $"merged-{count}");

            foreach (string table in TrafficTableNames)
            {
                SummaryTableAssert.Equal(await ReadAsync(singleMerged, table), await ReadAsync(merged, table));
            }

            // The shards' manifests list every object of the bucket exactly once.
            List<string> inputs = [.. Directory.GetFiles(Path.Combine(partials, "_manifest")).SelectMany(InputKeys)];
            Assert.Equal(_sample.Objects.Count, inputs.Count);
            Assert.Equal(_sample.Objects.Select(o => Path.GetFileName(o.Path)).Order(), inputs.Select(Path.GetFileName).Order());
        }

        // Merging one plain run only puts its rows in key order: the same cells as it wrote.
        foreach (string table in TrafficTableNames)
        {
            SummaryTable written = await ReadAsync(single, table);
            SummaryTableAssert.Equal(SummaryRowMerger.Merge([written]), await ReadAsync(singleMerged, table));
        }
    }

    [Fact]
    public async Task Merge_Again_WritesNothingAndRerunShardGivesTheSameTables()
    {
        string partials = Path.Combine(_temp.Path, "partials");
        for (int i = 0; i < 3; i++)
        {
            await RunPartAsync(partials, "--shard", $"{i}/3");
        }

        string merged = await MergeAsync(partials, "merged");
        SummaryTable first = await ReadAsync(merged, TrafficTables.EndpointTraffic);

        CliResult again = await CliConsole.InvokeAsync("merge", "--in", partials, "--out", merged);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("0 partitions written", again.Output, StringComparison.Ordinal);

        // A retried shard replaces its own files (same run id); only its partitions are merged again.
        await RunPartAsync(partials, "--shard", "1/3");
        CliResult afterRetry = await CliConsole.InvokeAsync("merge", "--in", partials, "--out", merged);
        Assert.True(afterRetry.ExitCode == ExitCodes.Ok, afterRetry.ToString());
        Assert.DoesNotContain(" 0 partitions written", afterRetry.Output, StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(partials, "_manifest")).Length);
        SummaryTableAssert.Equal(first, await ReadAsync(merged, TrafficTables.EndpointTraffic));
    }

    [Fact]
    public async Task Merge_LeftoverFileNoManifestLists_IsIgnored()
    {
        string partials = Path.Combine(_temp.Path, "partials");
        await RunPartAsync(partials, "--shard", "0/2");
        await RunPartAsync(partials, "--shard", "1/2");
        string expected = await MergeAsync(partials, "expected");
        string part = Directory.GetFiles(Path.Combine(partials, TrafficTables.EndpointTraffic), "*.parquet", SearchOption.AllDirectories)[0];
        File.Copy(part, Path.Combine(Path.GetDirectoryName(part)!, "part-leftover.parquet"));

        CliResult result = await CliConsole.InvokeAsync("merge", "--in", partials, "--out", Path.Combine(_temp.Path, "merged"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("ignored 1 part files", result.Output, StringComparison.Ordinal);
        SummaryTableAssert.Equal(await ReadAsync(expected, TrafficTables.EndpointTraffic), await ReadAsync(Path.Combine(_temp.Path, "merged"), TrafficTables.EndpointTraffic));
    }

    [Fact]
    public async Task Merge_PartialsOfTwoSplits_ExitsOneNamingAnObjectReadTwice()
    {
        string partials = Path.Combine(_temp.Path, "partials");
        await RunPartAsync(partials, "--shard", "0/2");
        await RunPartAsync(partials, "--shard", "0/3");

        CliResult result = await CliConsole.InvokeAsync("merge", "--in", partials, "--out", Path.Combine(_temp.Path, "merged"));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("shard-0000-of-0002 and shard-0000-of-0003 both counted ", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "merged", TrafficTables.EndpointTraffic)));
    }

    [Fact]
    public async Task Merge_ShardsOfTwoDaysUnderOnePrefix_RunIdsApartAndLateRecordsJoinTheirDay()
    {
        // Two days' shards under one partials prefix, as the deploy examples run them: each day's
        // merge recomputes every partition from all partials, so the whole equals one run.
        string partials = Path.Combine(_temp.Path, "partials");
        string merged = Path.Combine(_temp.Path, "merged");
        foreach ((string from, string to) in new[] { ("2026-10-31", "2026-11-01"), ("2026-11-01", "2026-11-02") })
        {
            for (int i = 0; i < 2; i++)
            {
                CliResult run = await CliConsole.InvokeAsync(
                    "run", "--source", Logs, "--inventory", Inventory, "--out", partials, "--quiet", "--shard", $"{i}/2", "--from", from, "--to", to);
                Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
            }

            CliResult merge = await CliConsole.InvokeAsync("merge", "--in", partials, "--out", merged);
            Assert.True(merge.ExitCode == ExitCodes.Ok, merge.ToString());
        }

        Assert.Contains("shard-0001-of-0002-20261031T0000Z-20261101T0000Z.json", Directory.GetFiles(Path.Combine(partials, "_manifest")).Select(Path.GetFileName));
        string single = Path.Combine(_temp.Path, "single");
        CliResult singleRun = await CliConsole.InvokeAsync("run", "--source", Logs, "--inventory", Inventory, "--out", single, "--quiet", "--from", "2026-10-31", "--to", "2026-11-02");
        Assert.True(singleRun.ExitCode == ExitCodes.Ok, singleRun.ToString());
        foreach (string table in TrafficTableNames)
        {
            SummaryTableAssert.Equal(SummaryRowMerger.Merge([await ReadAsync(single, table)]), await ReadAsync(merged, table));
        }
    }

    [Fact]
    public async Task Merge_AnotherInputIntoTheSameOut_ExitsOneAndKeepsTheTables()
    {
        string first = await RunAsync("first");
        string second = await RunAsync("second");
        string merged = await MergeAsync(first, "merged");
        string[] before = [.. Directory.GetFiles(merged, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).Select(Convert.ToBase64String)];

        CliResult result = await CliConsole.InvokeAsync("merge", "--in", second, "--out", merged);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("holds the merge of", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(merged, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).Select(Convert.ToBase64String));
    }

    [Fact]
    public async Task Run_KeysFromWithAKeyOutsideTheSource_ExitsOneNamingIt()
    {
        string file = Path.Combine(_temp.Path, "batch.json");
        await File.WriteAllTextAsync(file, """{"Items":[{"Key":"../../etc/passwd"}]}""");

        CliResult result = await CliConsole.InvokeAsync("run", "--keys-from", file, "--source", _sample.OutputDirectory, "--inventory", Inventory, "--out", Path.Combine(_temp.Path, "out"));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("key '../../etc/passwd' is not a path inside --source", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_KeysFromWithShard_ExitsOne()
    {
        string file = Path.Combine(_temp.Path, "batch.json");
        await File.WriteAllTextAsync(file, $$"""{"Items":[{"Key":"{{_sample.Objects[0].Key}}"}]}""");

        CliResult result = await CliConsole.InvokeAsync("run", "--keys-from", file, "--shard", "0/2", "--source", _sample.OutputDirectory, "--inventory", Inventory, "--out", Path.Combine(_temp.Path, "out"));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("cannot be combined with --shard", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shard", "3/3", "the shard index must be between 0 and 2 (got 3)")]
    [InlineData("--shard", "1-3", "--shard must be i/n")]
    [InlineData("--shards", "4", "neither is set")]
    public async Task Run_BadShard_ExitsOneWithMessage(string option, string value, string message)
    {
        CliResult result = await CliConsole.InvokeAsync("run", "--source", Logs, "--inventory", Inventory, "--out", Path.Combine(_temp.Path, "out"), option, value);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_BATCH_JOB_ARRAY_INDEX")]
    [InlineData("JOB_COMPLETION_INDEX")]
    public async Task Run_ShardsWithTheOrchestratorsIndexVariable_IsThatShard(string variable)
    {
        string partials = Path.Combine(_temp.Path, "partials");

        CliResult result = await CliProcess.RunAsync(_temp.Path, new Dictionary<string, string> { [variable] = "2" },
            "run", "--source", Logs, "--inventory", Inventory, "--out", partials, "--shards", "5", "--quiet");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(partials, "_manifest", "shard-0002-of-0005.json")));
        Assert.Equal(2, manifest.RootElement.GetProperty("options").GetProperty("shard").GetProperty("index").GetInt32());
        Assert.True(manifest.RootElement.GetProperty("options").GetProperty("partial").GetBoolean());
    }

    [Fact]
    public async Task Run_KeysFromDistributedMapBatches_MergedEqualsTheSingleRun()
    {
        string singleMerged = await MergeAsync(await RunAsync("single"), "single-merged");
        string partials = Path.Combine(_temp.Path, "partials");
        // Distributed Map lists the bucket and hands each child a batch of keys from the bucket root.
        foreach (SampleObject[] batch in _sample.Objects.Chunk(11))
        {
            string file = Path.Combine(_temp.Path, $"batch-{Guid.NewGuid():N}.json");
            var items = batch.Select(o => new { Key = o.Key, Size = o.CompressedBytes, Etag = "\"0123\"", LastModified = "2026-11-02T00:00:00Z", StorageClass = "STANDARD" });
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { Items = items, BatchInput = new { Bucket = "my-flow-logs" } }));
            CliResult run = await CliConsole.InvokeAsync(
                "run", "--keys-from", file, "--source", _sample.OutputDirectory, "--inventory", Inventory, "--out", partials, "--quiet");
            Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        }

        string merged = await MergeAsync(partials, "merged");

        Assert.Equal(3, Directory.GetFiles(Path.Combine(partials, "_manifest")).Length);
        Assert.All(Directory.GetFiles(Path.Combine(partials, "_manifest")), f => Assert.Matches("keys-[0-9a-f]{16}\\.json$", f));
        foreach (string table in TrafficTableNames)
        {
            SummaryTableAssert.Equal(await ReadAsync(singleMerged, table), await ReadAsync(merged, table));
        }
    }

    [Fact]
    public async Task Run_KeysFromS3InventoryManifest_ReadsExactlyTheListedObjects()
    {
        // A local copy of an inventory: <config>/<date>/manifest.json and <config>/data/*.csv.gz, keys URL-encoded.
        SampleObject[] listed = [.. _sample.Objects.Take(9)];
        string config = Path.Combine(_temp.Path, "inventory-report", "my-flow-logs", "daily");
        Directory.CreateDirectory(Path.Combine(config, "data"));
        Directory.CreateDirectory(Path.Combine(config, "2026-11-02T01-00Z"));
        var csv = new StringBuilder();
        foreach (SampleObject o in listed)
        {
            csv.Append(CultureInfoInvariant($"\"my-flow-logs\",\"{WebUtility.UrlEncode(o.Key)}\",\"{o.CompressedBytes}\",\"2026-11-02T00:00:00.000Z\",\"abcdef\"\n"));
        }

        await using (var gzip = new GZipStream(File.Create(Path.Combine(config, "data", "f00d.csv.gz")), CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(csv.ToString()));
        }

        string manifestPath = Path.Combine(config, "2026-11-02T01-00Z", "manifest.json");
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(new
        {
            sourceBucket = "my-flow-logs",
            destinationBucket = "arn:aws:s3:::my-inventory",
            fileFormat = "CSV",
            fileSchema = "Bucket, Key, Size, LastModifiedDate, ETag",
            files = new[] { new { key = "my-flow-logs/daily/data/f00d.csv.gz", size = 100, MD5checksum = "x" } },
        }));
        string expected = await RunAsync("expected", [.. listed.Select(o => o.Path)]);

        string partials = Path.Combine(_temp.Path, "partials");
        CliResult run = await CliConsole.InvokeAsync(
            "run", "--keys-from", manifestPath, "--source", _sample.OutputDirectory, "--inventory", Inventory, "--out", partials, "--quiet");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        string merged = await MergeAsync(partials, "merged");
        string expectedMerged = await MergeAsync(expected, "expected-merged");
        foreach (string table in TrafficTableNames)
        {
            SummaryTableAssert.Equal(await ReadAsync(expectedMerged, table), await ReadAsync(merged, table));
        }
    }

    [Fact]
    public async Task Run_KeysFromEnvironmentVariableNotSet_ExitsOneNamingIt()
    {
        CliResult result = await CliConsole.InvokeAsync(
            "run", "--keys-from", "env:FLOWANALYTICS_TEST_NO_SUCH_VARIABLE", "--source", _sample.OutputDirectory, "--inventory", Inventory, "--out", Path.Combine(_temp.Path, "out"));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("FLOWANALYTICS_TEST_NO_SUCH_VARIABLE is not set", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_InEqualsOut_ExitsOne()
    {
        string single = await RunAsync("single");

        CliResult result = await CliConsole.InvokeAsync("merge", "--in", single, "--out", single + "/");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--out must differ from --in", result.Error, StringComparison.Ordinal);
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    private async Task<string> RunAsync(string name, params string[] sources)
    {
        string output = Path.Combine(_temp.Path, name);
        var args = new List<string> { "run", "--inventory", Inventory, "--out", output, "--quiet" };
        foreach (string source in sources.Length == 0 ? [Logs] : sources)
        {
            args.AddRange(["--source", source]);
        }

        CliResult result = await CliConsole.InvokeAsync([.. args]);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return output;
    }

    private async Task RunPartAsync(string output, string option, string value)
    {
        CliResult result = await CliConsole.InvokeAsync("run", "--source", Logs, "--inventory", Inventory, "--out", output, "--quiet", option, value);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
    }

    private async Task<string> MergeAsync(string input, string name)
    {
        string output = Path.Combine(_temp.Path, name);
        CliResult result = await CliConsole.InvokeAsync("merge", "--in", input, "--out", output);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return output;
    }

    private static Task<SummaryTable> ReadAsync(string output, string table) => SummaryParquetReader.ReadTableAsync(Path.Combine(output, table));

    private static IEnumerable<string> InputKeys(string manifest)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(manifest));
        return [.. json.RootElement.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("key").GetString()!)];
    }
}
