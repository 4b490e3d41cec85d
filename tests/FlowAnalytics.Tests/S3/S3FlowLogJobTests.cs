using System.Text.Json;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Cli.Commands;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;
using FlowAnalytics.S3;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Parquet;
using ParquetFormat = FlowAnalytics.Parquet.ParquetFlowLogFormat;

namespace FlowAnalytics.Tests.S3;

/// <summary>
/// The job end to end over s3rver: a generated bucket uploaded as it was written, read through
/// <see cref="S3FlowLogSource"/> and written through <see cref="S3SummarySink"/>, must give the same
/// traffic tables as the local run over the same files. (Object keys differ between the two runs,
/// so the errors table and the manifests are not compared.)
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class S3FlowLogJobTests(S3rverFixture s3)
{
    private const string Prefix = "vpc/";

    [Theory]
    [InlineData(null, null)]
    [InlineData("2026-11-02T00:00:00Z", "2026-11-02T12:00:00Z")]
    public async Task RunAsync_S3ToS3_SameTablesAsTheLocalRun(string? from, string? to)
    {
        using var temp = new TempDirectory();
        string bucketDirectory = Path.Combine(temp.Path, "bucket");
        // Three days (10-31 … 11-02) in 36 objects, so a range can leave whole day folders unlisted.
        SampleBucketSummary sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = bucketDirectory, Records = 30_000, Seed = 7, Hours = 72, Files = 36,
            Start = new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero),
        });
        string bucket = await s3.CreateBucketAsync();
        await s3.PutAllAsync(bucket, sample.Objects.Select(o => (Prefix + o.Key, File.ReadAllBytes(o.Path))));
        await s3.PutFoldersAsync(bucket, sample.Objects.Select(o => Prefix + o.Key));
        EndpointInventory inventory = EndpointInventory.Load(sample.InventoryFiles);
        var options = new RunOptions
        {
            RunId = "20261103T000000Z-000001",
            Workers = 2,
            From = from is null ? null : DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = to is null ? null : DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
        };

        var source = new S3FlowLogSource(s3.Client, S3Location.Parse($"s3://{bucket}/{Prefix}"), new S3SourceOptions { From = options.From, To = options.To });
        RunResult fromS3 = await FlowLogJob.RunAsync(source, inventory, options);
        RunResult fromDisk = await FlowLogJob.RunAsync(new LocalFileSource([Path.Combine(bucketDirectory, "AWSLogs")]), inventory, options);

        Assert.Equal(0, fromS3.FailedObjects);
        Assert.True(fromS3.Records > 1000, $"only {fromS3.Records} records");
        Assert.Equal(fromDisk.Records, fromS3.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(fromDisk.Aggregation), TrafficTables.BuildEndpointTraffic(fromS3.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(fromDisk.Aggregation), TrafficTables.BuildEniTraffic(fromS3.Aggregation));
        Assert.All(fromS3.Objects, o => Assert.StartsWith($"s3://{bucket}/{Prefix}AWSLogs/", o.Object.Key, StringComparison.Ordinal));
        Assert.All(fromS3.Objects, o => Assert.NotNull(o.Object.ETag));
        if (from is null)
        {
            Assert.Equal(sample.Objects.Count, fromS3.Objects.Count);
        }
        else
        {
            // 10-31 is never listed; the local run lists it and prunes its objects by name.
            Assert.DoesNotContain(fromS3.Objects, o => o.Object.Key.Contains("/2026/10/31/", StringComparison.Ordinal));
            Assert.Contains(fromDisk.Objects, o => o.Pruned && o.Object.Key.Contains("/2026/10/31/", StringComparison.Ordinal));
        }

        await AssertWrittenLikeTheLocalRunAsync(bucket, fromDisk, fromS3, temp.Path);

        using JsonDocument manifest = JsonDocument.Parse(await s3.GetAsync(bucket, $"summaries/_manifest/{options.RunId}.json"));
        Assert.Equal(JsonValueKind.Object, manifest.RootElement.ValueKind);
    }

    [Theory]
    [InlineData(DeliveryLayout.Default, true)]
    [InlineData(DeliveryLayout.Hourly, false)]
    [InlineData(DeliveryLayout.Hourly, true)]
    [InlineData(DeliveryLayout.Hive, false)]
    [InlineData(DeliveryLayout.HiveHourly, false)]
    [InlineData(DeliveryLayout.HiveHourly, true)]
    public async Task RunAsync_EveryDeliveryLayoutAndParquet_SameTablesAsTheLocalRun(DeliveryLayout layout, bool parquet)
    {
        using var temp = new TempDirectory();
        string bucketDirectory = Path.Combine(temp.Path, "bucket");
        SampleBucketSummary sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = bucketDirectory, Records = 12_000, Seed = 11, Hours = 72, Files = 36,
            Start = new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero),
        });
        string bucket = await s3.CreateBucketAsync();
        var uploads = new List<(string Key, byte[] Content)>();
        foreach (SampleObject item in sample.Objects)
        {
            // The generator writes the default layout; the same object delivered in another layout
            // keeps its name and moves to the folders that layout gives its delivery time.
            string name = Path.GetFileName(item.Key);
            Assert.True(FlowLogKey.TryParseTime(name, out DateTimeOffset delivered), name);
            string[] segments = item.Key.Split('/'); // AWSLogs/{account}/vpcflowlogs/{region}/yyyy/MM/dd/name
            string folder = DeliveryLayoutKeys.Folder(layout, Prefix, delivered.UtcDateTime, segments[1], segments[3]);
            byte[] content = File.ReadAllBytes(item.Path);
            if (parquet)
            {
                string converted = Path.Combine(temp.Path, "parquet", name + ".parquet");
                await ParquetFlowLogFile.ConvertTextAsync(item.Path, converted, rowGroupRows: 500);
                content = File.ReadAllBytes(converted);
                name = name[..^".gz".Length] + ".parquet";
            }

            uploads.Add((folder + name, content));
        }

        await s3.PutAllAsync(bucket, uploads);
        await s3.PutFoldersAsync(bucket, uploads.Select(u => u.Key));
        EndpointInventory inventory = EndpointInventory.Load(sample.InventoryFiles);
        var options = new RunOptions
        {
            RunId = "20261103T000000Z-000002",
            Workers = 2,
            From = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero),
            FormatReader = ParquetFormat.Instance,
        };

        var source = new S3FlowLogSource(s3.Client, S3Location.Parse($"s3://{bucket}/{Prefix}"), new S3SourceOptions { From = options.From, To = options.To });
        RunResult fromS3 = await FlowLogJob.RunAsync(source, inventory, options);
        RunResult fromDisk = await FlowLogJob.RunAsync(new LocalFileSource([Path.Combine(bucketDirectory, "AWSLogs")]), inventory, options);

        Assert.Equal(0, fromS3.FailedObjects);
        Assert.True(fromS3.Records > 1000, $"only {fromS3.Records} records");
        Assert.Equal(fromDisk.Records, fromS3.Records);
        if (!parquet)
        {
            Assert.Equal(fromDisk.Lines, fromS3.Lines); // Parquet has no header lines
        }

        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(fromDisk.Aggregation), TrafficTables.BuildEndpointTraffic(fromS3.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(fromDisk.Aggregation), TrafficTables.BuildEniTraffic(fromS3.Aggregation));

        // Pruning by folder: day 10-31 lies wholly outside the range, so it is never listed; hourly
        // layouts list only the hour folders within the key-time slack of an hour.
        bool hourly = layout is DeliveryLayout.Hourly or DeliveryLayout.HiveHourly;
        Assert.All(fromS3.Objects, o =>
        {
            Assert.True(FlowLogKey.TryParseTime(o.Object.Key, out DateTimeOffset t));
            Assert.InRange(t, hourly ? options.From.Value.AddHours(-2) : options.From.Value.Date, hourly ? options.To.Value.AddHours(2) : options.To.Value.Date.AddDays(1));
        });
        Assert.Contains(fromDisk.Objects, o => o.Pruned && o.Object.Key.Contains("/2026/10/31/", StringComparison.Ordinal));
        Assert.All(fromS3.Objects, o => Assert.EndsWith(parquet ? ".log.parquet" : ".log.gz", o.Object.Key, StringComparison.Ordinal));

        await AssertWrittenLikeTheLocalRunAsync(bucket, fromDisk, fromS3, temp.Path);
    }

    /// <summary>
    /// Writes the S3 run through the S3 sink and the local run with the CLI's local writer; the
    /// objects downloaded read back as the local run's traffic tables.
    /// </summary>
    private async Task AssertWrittenLikeTheLocalRunAsync(string bucket, RunResult fromDisk, RunResult fromS3, string temp)
    {
        string output = Path.Combine(temp, "out");
        await RunWriter.WriteAsync(output, fromDisk, CancellationToken.None);
        string downloaded = Path.Combine(temp, "downloaded");
        foreach (S3WrittenObject w in await WriteToS3Async(bucket, fromS3))
        {
            string key = w.Uri[$"s3://{bucket}/".Length..];
            string path = Path.Combine(downloaded, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, await s3.GetAsync(bucket, key));
        }

        foreach (string table in (string[])[TrafficTables.EndpointTraffic, TrafficTables.EniTraffic])
        {
            SummaryTableAssert.Equal(
                await SummaryParquetReader.ReadTableAsync(Path.Combine(output, table)),
                await SummaryParquetReader.ReadTableAsync(Path.Combine(downloaded, "summaries", table)));
        }
    }

    /// <summary>What the CLI will do for <c>--out s3://…</c>: the tables, then the manifest listing them.</summary>
    private async Task<IReadOnlyList<S3WrittenObject>> WriteToS3Async(string bucket, RunResult result)
    {
        var sink = new S3SummarySink(s3.Client, S3Location.Parse($"s3://{bucket}/summaries"), new S3SinkOptions { UseChunkEncoding = false });
        var written = new List<S3WrittenObject>();
        foreach ((SummaryTable table, string? partitionColumn) in RunTables.Build(result))
        {
            written.AddRange(await sink.WriteAsync(table, partitionColumn));
        }

        byte[] manifest = RunManifest.ToJson(result, written.Select(w => new OutputFile(w.Uri, w.Rows, w.Bytes)).ToList());
        written.Add(await sink.WriteManifestAsync(result.Options.RunId, manifest));
        return written;
    }
}
