using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;
using FlowAnalytics.S3;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.S3;

namespace FlowAnalytics.Tests.Parquet;

/// <summary>Parquet flow logs read from s3rver (response bodies cannot seek) against the same files read locally.</summary>
[Collection(S3rverCollection.Name)]
public sealed class ParquetFlowLogS3Tests(S3rverFixture s3)
{
    [Fact]
    public async Task RunAsync_ParquetObjectsOnS3_SameTablesAsTheLocalTextRun()
    {
        using var temp = new TempDirectory();
        SampleBucketSummary sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = Path.Combine(temp.Path, "bucket"), Records = 5_000, Seed = 11, Files = 3, Format = SampleRecordFormat.V5,
        });
        string bucket = await s3.CreateBucketAsync();
        var objects = new List<(string Key, byte[] Content)>();
        foreach (SampleObject item in sample.Objects)
        {
            string parquet = Path.Combine(temp.Path, Path.GetFileName(item.Path) + ".parquet");
            await ParquetFlowLogFile.ConvertTextAsync(item.Path, parquet, rowGroupRows: 500);
            objects.Add((item.Key[..^".log.gz".Length] + ".log.parquet", File.ReadAllBytes(parquet)));
        }

        await s3.PutAllAsync(bucket, objects);
        EndpointInventory inventory = EndpointInventory.Load(sample.InventoryFiles);
        var options = new RunOptions { RunId = "20261101T000000Z-000002", Workers = 2, FormatReader = ParquetFlowLogFormat.Instance };

        RunResult fromS3 = await FlowLogJob.RunAsync(new S3FlowLogSource(s3.Client, S3Location.Parse($"s3://{bucket}/")), inventory, options);
        RunResult fromText = await FlowLogJob.RunAsync(
            new LocalFileSource([Path.Combine(sample.OutputDirectory, "AWSLogs")]), inventory, options);

        Assert.Equal(0, fromS3.FailedObjects);
        Assert.Equal(sample.Records, fromS3.Records);
        Assert.All(fromS3.Objects, o => Assert.EndsWith(".log.parquet", o.Object.Key, StringComparison.Ordinal));
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(fromText.Aggregation), TrafficTables.BuildEndpointTraffic(fromS3.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(fromText.Aggregation), TrafficTables.BuildEniTraffic(fromS3.Aggregation));
    }
}
