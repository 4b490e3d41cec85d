using System.Text.Json;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Cli;
using FlowAnalytics.Parquet;
using FlowAnalytics.Sampling;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.S3;

/// <summary>
/// Shards and key batches over s3rver as the orchestrators run them (one process each, the index
/// from AWS_BATCH_JOB_ARRAY_INDEX, the batch and the inventory on S3), merged on S3: the same tables
/// as one local process over the same objects.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class ShardedRunS3Tests(S3rverFixture s3)
{
    private static readonly string[] TrafficTableNames = [TrafficTables.EndpointTraffic, TrafficTables.EniTraffic];

    [Fact]
    public async Task RunAndMerge_ShardsAndKeyBatchesOnS3_SameTablesAsOneLocalProcess()
    {
        using var temp = new TempDirectory();
        SampleBucketSummary sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = Path.Combine(temp.Path, "bucket"), Records = 9_000, Seed = 37, Hours = 2, Files = 12,
        });
        string bucket = await s3.CreateBucketAsync();
        await s3.PutAllAsync(bucket, sample.Objects.Select(o => ("logs/" + o.Key, File.ReadAllBytes(o.Path))));
        await s3.PutFoldersAsync(bucket, sample.Objects.Select(o => "logs/" + o.Key));
        await s3.PutAllAsync(bucket, sample.InventoryFiles.Select(f => ("inventory/" + Path.GetFileName(f), File.ReadAllBytes(f))));
        string endpoint = s3.Endpoint;

        // One local process, merged locally: the reference.
        string local = Path.Combine(temp.Path, "local");
        await CliAsync(temp.Path, null, "run", "--source", Path.Combine(sample.OutputDirectory, "AWSLogs"),
            "--inventory", Path.Combine(sample.OutputDirectory, SampleBucketGenerator.InventoryFolder), "--out", local, "--quiet");
        await CliAsync(temp.Path, null, "merge", "--in", local, "--out", local + "-merged");

        // AWS Batch: copies of one command, told apart by the array index; split in 3 and in 7.
        foreach (int count in (int[])[3, 7])
        {
            for (int i = 0; i < count; i++)
            {
                await CliAsync(temp.Path, i, "run", "--source", $"s3://{bucket}/logs/", "--inventory", $"s3://{bucket}/inventory/",
                    "--out", $"s3://{bucket}/partials-{count}/", "--shards", $"{count}", "--s3-endpoint", endpoint, "--quiet");
            }

            await CliAsync(temp.Path, null, "merge", "--in", $"s3://{bucket}/partials-{count}/", "--out", $"s3://{bucket}/summaries-{count}/", "--s3-endpoint", endpoint);
        }

        // Step Functions Distributed Map: batches of keys from the bucket root, read from S3.
        foreach ((SampleObject[] batch, int n) in sample.Objects.Chunk(5).Select((b, n) => (b, n)))
        {
            var items = batch.Select(o => new { Key = "logs/" + o.Key, Size = o.CompressedBytes });
            await s3.PutAsync(bucket, $"batches/{n}.json", JsonSerializer.SerializeToUtf8Bytes(new { Items = items, BatchInput = new { Bucket = bucket } }));
            await CliAsync(temp.Path, null, "run", "--keys-from", $"s3://{bucket}/batches/{n}.json", "--inventory", $"s3://{bucket}/inventory/describe-network-interfaces.json",
                "--inventory", $"s3://{bucket}/inventory/describe-vpc-endpoints.json", "--inventory", $"s3://{bucket}/inventory/describe-subnets.json", "--out", $"s3://{bucket}/batch-partials/", "--s3-endpoint", endpoint, "--quiet");
        }

        await CliAsync(temp.Path, null, "merge", "--in", $"s3://{bucket}/batch-partials/", "--out", $"s3://{bucket}/batch-summaries/", "--s3-endpoint", endpoint);

        List<string> partials = await s3.KeysAsync(bucket, "partials-3/_manifest/");
        Assert.Equal(["partials-3/_manifest/shard-0000-of-0003.json", "partials-3/_manifest/shard-0001-of-0003.json", "partials-3/_manifest/shard-0002-of-0003.json"], partials);
        Assert.Equal(7, (await s3.KeysAsync(bucket, "partials-7/_manifest/")).Count);
        Assert.Equal(3, (await s3.KeysAsync(bucket, "batch-partials/_manifest/")).Count);
        foreach (string summaries in (string[])["summaries-3", "summaries-7", "batch-summaries"])
        {
            foreach (string table in TrafficTableNames)
            {
                string key = Assert.Single(await s3.KeysAsync(bucket, $"{summaries}/{table}/"));
                string downloaded = Path.Combine(temp.Path, $"{summaries}-{table}.parquet");
                await File.WriteAllBytesAsync(downloaded, await s3.GetAsync(bucket, key));
                SummaryTableAssert.Equal(
                    await SummaryParquetReader.ReadTableAsync(Path.Combine(local + "-merged", table)),
                    await SummaryParquetReader.ReadFileAsync(downloaded));
            }
        }
    }

    private static async Task CliAsync(string workingDirectory, int? arrayIndex, params string[] args)
    {
        Dictionary<string, string> environment = S3rverFixture.CliCredentials();
        if (arrayIndex is { } index)
        {
            environment["AWS_BATCH_JOB_ARRAY_INDEX"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        CliResult result = await CliProcess.RunAsync(workingDirectory, environment, args);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"{string.Join(' ', args)}\n{result}");
        Assert.DoesNotContain(S3rverFixture.AccessKey, result.Output + result.Error, StringComparison.Ordinal);
    }
}
