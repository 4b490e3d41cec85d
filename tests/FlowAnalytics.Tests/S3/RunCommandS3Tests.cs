using FlowAnalytics.Cli;
using FlowAnalytics.Parquet;
using FlowAnalytics.Sampling;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.S3;

/// <summary>
/// <c>flowanalytics run</c> as a user runs it against an S3-compatible store: s3:// in, s3:// out,
/// credentials from the environment (the SDK chain), the endpoint from <c>--s3-endpoint</c>.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class RunCommandS3Tests(S3rverFixture s3)
{
    private static readonly Dictionary<string, string> Credentials = S3rverFixture.CliCredentials();

    [Fact]
    public async Task Run_S3SourceToS3Out_WritesTheSameTablesAsALocalRun()
    {
        using var temp = new TempDirectory();
        string bucketDirectory = Path.Combine(temp.Path, "bucket");
        SampleBucketSummary sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = bucketDirectory, Records = 5_000, Seed = 3, Hours = 1,
        });
        string bucket = await s3.CreateBucketAsync();
        await s3.PutAllAsync(bucket, sample.Objects.Select(o => ("logs/" + o.Key, File.ReadAllBytes(o.Path))));
        await s3.PutFoldersAsync(bucket, sample.Objects.Select(o => "logs/" + o.Key));
        string inventory = Path.Combine(bucketDirectory, SampleBucketGenerator.InventoryFolder);
        string localOut = Path.Combine(temp.Path, "local-out");

        CliResult remote = await CliProcess.RunAsync(temp.Path, Credentials,
            "run", "--source", $"s3://{bucket}/logs/", "--inventory", inventory, "--out", $"s3://{bucket}/summaries/",
            "--s3-endpoint", s3.Endpoint, "--quiet");
        CliResult local = await CliProcess.RunAsync(temp.Path,
            "run", "--source", Path.Combine(bucketDirectory, "AWSLogs"), "--inventory", inventory, "--out", localOut, "--quiet");

        Assert.True(remote.ExitCode == ExitCodes.Ok, remote.ToString());
        Assert.True(local.ExitCode == ExitCodes.Ok, local.ToString());
        Assert.DoesNotContain(S3rverFixture.AccessKey, remote.Output + remote.Error, StringComparison.Ordinal);
        List<string> keys = await s3.KeysAsync(bucket, "summaries/");
        Assert.Contains(keys, k => k.StartsWith("summaries/_manifest/", StringComparison.Ordinal));
        foreach (string table in new[] { "endpoint_traffic", "eni_traffic" })
        {
            string key = Assert.Single(keys, k => k.StartsWith($"summaries/{table}/date=", StringComparison.Ordinal));
            string downloaded = Path.Combine(temp.Path, table + ".parquet");
            await File.WriteAllBytesAsync(downloaded, await s3.GetAsync(bucket, key));
            SummaryTableAssert.Equal(
                await SummaryParquetReader.ReadTableAsync(Path.Combine(localOut, table)),
                await SummaryParquetReader.ReadFileAsync(downloaded));
        }
    }

    [Fact]
    public async Task Run_MissingBucket_ExitsOneNamingIt()
    {
        using var temp = new TempDirectory();
        string inventory = Path.Combine(temp.Path, "inventory");
        SampleBucketGenerator.Generate(new SampleBucketOptions { OutputDirectory = temp.Path, Records = 10, Seed = 1 });

        CliResult result = await CliProcess.RunAsync(temp.Path, Credentials,
            "run", "--source", "s3://no-such-bucket-here/logs/", "--inventory", inventory, "--out", Path.Combine(temp.Path, "out"),
            "--s3-endpoint", s3.Endpoint, "--quiet");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no-such-bucket-here", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadS3Uri_ExitsOneWithMessage()
    {
        using var temp = new TempDirectory();

        CliResult result = await CliProcess.RunAsync(temp.Path, Credentials,
            "run", "--source", "s3:///nobucket", "--inventory", temp.Path, "--out", Path.Combine(temp.Path, "out"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("flowanalytics run: ", result.Error, StringComparison.Ordinal);
    }
}
