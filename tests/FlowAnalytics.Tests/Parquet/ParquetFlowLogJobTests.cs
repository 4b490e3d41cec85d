using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Tests.Parquet;

/// <summary>The job over the same records as text and as AWS's Parquet delivery.</summary>
public sealed class ParquetFlowLogJobTests : IDisposable
{
    private const string RunId = "20261101T000000Z-abcdef";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(SampleRecordFormat.Default, false)]
    [InlineData(SampleRecordFormat.V5, true)]
    public async Task RunAsync_SameRecordsAsTextAndParquet_IdenticalTables(SampleRecordFormat format, bool int64Everywhere)
    {
        (SampleBucketSummary bucket, string textLogs, string parquetLogs) = await GenerateAsync(format, int64Everywhere);
        EndpointInventory inventory = EndpointInventory.Load(bucket.InventoryFiles);

        RunResult text = await FlowLogJob.RunAsync(new LocalFileSource([textLogs]), inventory, Options());
        RunResult parquet = await FlowLogJob.RunAsync(new LocalFileSource([parquetLogs]), inventory, Options());

        Assert.Equal(bucket.Records, text.Records);
        Assert.Equal(bucket.Records, parquet.Records);
        Assert.Equal(0, parquet.FailedObjects);
        Assert.Equal(0, parquet.RejectedLines);
        Assert.All(parquet.Objects, o => Assert.EndsWith(".log.parquet", o.Object.Key, StringComparison.Ordinal));
        Assert.Equal(text.Objects.Select(o => o.Records), parquet.Objects.Select(o => o.Records));
        Assert.Equal(text.Objects.Select(o => o.Fields), parquet.Objects.Select(o => o.Fields));
        SummaryTable expected = TrafficTables.BuildEndpointTraffic(text.Aggregation);
        Assert.True(expected.RowCount > 0);
        SummaryTableAssert.Equal(expected, TrafficTables.BuildEndpointTraffic(parquet.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(text.Aggregation), TrafficTables.BuildEniTraffic(parquet.Aggregation));
    }

    [Fact]
    public async Task RunAsync_ParquetFromAStreamThatCannotSeek_SameTablesAsLocalFiles()
    {
        (SampleBucketSummary bucket, _, string parquetLogs) = await GenerateAsync(SampleRecordFormat.Default, int64Everywhere: false);
        EndpointInventory inventory = EndpointInventory.Load(bucket.InventoryFiles);

        RunResult local = await FlowLogJob.RunAsync(new LocalFileSource([parquetLogs]), inventory, Options());
        RunResult streamed = await FlowLogJob.RunAsync(new ForwardOnlySource(new LocalFileSource([parquetLogs])), inventory, Options());

        Assert.Equal(bucket.Records, streamed.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(local.Aggregation), TrafficTables.BuildEndpointTraffic(streamed.Aggregation));
    }

    [Fact]
    public async Task RunAsync_WithoutFormatReader_ParquetIsNotReadAsRecords()
    {
        (SampleBucketSummary bucket, _, string parquetLogs) = await GenerateAsync(SampleRecordFormat.Default, int64Everywhere: false);

        RunResult result = await FlowLogJob.RunAsync(
            new LocalFileSource([parquetLogs]), EndpointInventory.Load(bucket.InventoryFiles), Options() with { FormatReader = null });

        Assert.Equal(0, result.Records);
    }

    [Fact]
    public async Task RunAsync_CorruptParquet_FailsTheObjectAndCountsNoneOfItsRecords()
    {
        (SampleBucketSummary bucket, _, string parquetLogs) = await GenerateAsync(SampleRecordFormat.Default, int64Everywhere: false);
        string[] files = [.. LocalFileSource.ListFiles([parquetLogs])];
        byte[] bytes = File.ReadAllBytes(files[1]);
        // Damage the column chunks and keep both magics: the footer still parses, the pages do not.
        for (int i = 64; i < bytes.Length - 1024; i += 7)
        {
            bytes[i] ^= 0xA5;
        }

        File.WriteAllBytes(files[1], bytes);
        string truncated = Path.Combine(parquetLogs, "truncated.log.parquet");
        File.WriteAllBytes(truncated, File.ReadAllBytes(files[0])[..200]);

        RunResult result = await FlowLogJob.RunAsync(new LocalFileSource([parquetLogs]), EndpointInventory.Load(bucket.InventoryFiles), Options());

        ObjectResult damaged = Assert.Single(result.Objects, o => o.Object.Key == files[1]);
        ObjectResult cut = Assert.Single(result.Objects, o => o.Object.Key == truncated);
        foreach (ObjectResult failed in new[] { damaged, cut })
        {
            Assert.StartsWith("corrupt parquet: ", failed.Failure, StringComparison.Ordinal);
            Assert.Equal(0, failed.Records);
            Assert.Equal(0, failed.Errors.Total);
            Assert.Equal(1, failed.Attempts);
        }

        Assert.Equal(2, result.FailedObjects);
        Assert.Equal(bucket.Records - bucket.Objects[1].Records, result.Records);
        Assert.Equal(result.Records, result.Aggregation.Records);
    }

    private static RunOptions Options() => new() { RunId = RunId, Workers = 2, FormatReader = ParquetFlowLogFormat.Instance };

    /// <summary>A small sample bucket and a copy of each of its objects as <c>.log.parquet</c> under its own folder.</summary>
    private async Task<(SampleBucketSummary Bucket, string TextLogs, string ParquetLogs)> GenerateAsync(SampleRecordFormat format, bool int64Everywhere)
    {
        SampleBucketSummary bucket = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = Path.Combine(_directory.Path, "bucket"),
            Records = 6_000,
            Files = 4,
            Seed = 7,
            Format = format,
        });
        string textLogs = Path.Combine(bucket.OutputDirectory, "AWSLogs");
        string parquetLogs = Path.Combine(_directory.Path, "parquet", "AWSLogs");
        foreach (SampleObject item in bucket.Objects)
        {
            string relative = Path.GetRelativePath(textLogs, item.Path);
            string target = Path.Combine(parquetLogs, relative[..^".log.gz".Length] + ".log.parquet");
            // Small row groups: batches of the job span several of them.
            await ParquetFlowLogFile.ConvertTextAsync(item.Path, target, int64Everywhere, rowGroupRows: 700);
        }

        return (bucket, textLogs, parquetLogs);
    }

    /// <summary>Local files opened as streams that only read forward, as S3 bodies are.</summary>
    private sealed class ForwardOnlySource(LocalFileSource inner) : IFlowLogSource
    {
        public Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new ForwardOnlyStream(File.ReadAllBytes(item.Key)));
    }
}
