using System.Text.Json;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Cli;
using FlowAnalytics.Parquet;
using FlowAnalytics.Tests.Parquet;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Cli;

/// <summary>The README quick start, run as a user runs it: the built CLI in a child process from the repository root.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Main_RunWithoutArgumentsFromRepositoryRoot_WritesReadableParquet()
    {
        using var output = new TempDirectory();

        CliResult result = await CliProcess.RunAsync(RepositoryPaths.Root, "run", "--out", output.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("top endpoints", result.Output, StringComparison.Ordinal);
        // The v5 half of the samples shows the gateway-endpoint finding: S3 through the NAT gateway.
        Assert.Contains("S3/DynamoDB traffic a free gateway endpoint would carry", result.Output, StringComparison.Ordinal);
        Assert.Contains("nat_gateway", result.Output, StringComparison.Ordinal);
        string[] files = output.RelativeFiles();
        Assert.Equal(5, files.Length);
        Assert.Matches(@"^_manifest/\d{8}T\d{6}Z-[0-9a-f]{6}\.json$", files[0]);
        Assert.Equal(
            [
                "endpoint_traffic/date=2026-11-01/part-00000.parquet", "eni_traffic/date=2026-11-01/part-00000.parquet",
                "errors/part-00000.parquet", "service_paths/date=2026-11-01/part-00000.parquet",
            ],
            files[1..]);
        Assert.Empty(output.FilesStartingWith(AtomicFile.TempFilePrefix));

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output.Path, files[0])));
        JsonElement totals = manifest.RootElement.GetProperty("totals");
        long records = totals.GetProperty("records").GetInt64();
        long endpointRecords = totals.GetProperty("endpoint_records").GetInt64();
        Assert.Equal(0, totals.GetProperty("failed_objects").GetInt64());
        Assert.Equal(Directory.GetFiles(Path.Combine(RepositoryPaths.DataSamples, "AWSLogs"), "*", SearchOption.AllDirectories).Length,
            totals.GetProperty("objects").GetInt64());
        Assert.True(records > 0 && endpointRecords > 0 && endpointRecords <= records);

        // Our reader and DuckDB read the same files and agree with the manifest.
        SummaryTable endpoints = await SummaryParquetReader.ReadTableAsync(Path.Combine(output.Path, "endpoint_traffic"));
        SummaryTable enis = await SummaryParquetReader.ReadTableAsync(Path.Combine(output.Path, "eni_traffic"));
        Assert.Equal(endpointRecords, endpoints["records"].Int64Values!.Sum());
        Assert.Equal(records, enis["records"].Int64Values!.Sum());
        using var duck = new DuckDbQuery();
        string endpointGlob = DuckDbQuery.Literal(Path.Combine(output.Path, "endpoint_traffic", "*", "*.parquet"));
        string eniGlob = DuckDbQuery.Literal(Path.Combine(output.Path, "eni_traffic", "*", "*.parquet"));
        Assert.Equal(
            (long)endpoints.RowCount,
            Convert.ToInt64(duck.Scalar($"SELECT count(*) FROM read_parquet({endpointGlob}, hive_partitioning = true)")));
        Assert.Equal(
            endpointRecords,
            Convert.ToInt64(duck.Scalar($"SELECT sum(records)::BIGINT FROM read_parquet({endpointGlob}, hive_partitioning = true)")));
        Assert.Equal(
            records,
            Convert.ToInt64(duck.Scalar($"SELECT sum(records)::BIGINT FROM read_parquet({eniGlob}, hive_partitioning = true)")));
        Assert.Equal("2026-11-01", duck.Scalar($"SELECT DISTINCT CAST(date AS VARCHAR) FROM read_parquet({endpointGlob}, hive_partitioning = true)"));
        string pathsGlob = DuckDbQuery.Literal(Path.Combine(output.Path, "service_paths", "*", "*.parquet"));
        Assert.True(Convert.ToInt64(duck.Scalar(
            $"SELECT sum(bytes)::BIGINT FROM read_parquet({pathsGlob}, hive_partitioning = true) WHERE path = 'nat_gateway' AND aws_service = 'S3'")) > 0);
    }

    [Fact]
    public async Task Main_RunOnDefaultFormatLogs_SaysOnceWhichFieldsTheSavingsNeedAndWritesNoServicePaths()
    {
        using var output = new TempDirectory();
        string defaultFormat = Directory.GetFiles(Path.Combine(RepositoryPaths.DataSamples, "AWSLogs"), "*", SearchOption.AllDirectories)
            .First(f => !new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(f), System.IO.Compression.CompressionMode.Decompress)).ReadLine()!.Contains("pkt-dst-aws-service", StringComparison.Ordinal));

        CliResult result = await CliProcess.RunAsync(RepositoryPaths.Root, "run", "--source", defaultFormat, "--inventory", Path.Combine(RepositoryPaths.DataSamples, "inventory"), "--out", output.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Single(result.Error.Split('\n'), l => l.StartsWith("note: gateway-endpoint and NAT savings need pkt-src-aws-service", StringComparison.Ordinal));
        Assert.Contains("${pkt-dst-aws-service}", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output.Path, "service_paths")));
    }
}
