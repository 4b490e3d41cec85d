using FlowAnalytics.Cli.Commands;
using FlowAnalytics.Inventory;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Parquet;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.EndToEnd;

/// <summary>
/// Acceptance test of the main job: a bucket of gzip flow logs and its inventory go through
/// <see cref="FlowLogJob"/> and the CLI's Parquet writer exactly as <c>flowanalytics run
/// --arrival-time mtime</c> does, and the Parquet output, read back by DuckDB, must equal what
/// DuckDB computes on its own from the raw files and the inventory JSON
/// (<c>EndpointTrafficOracle.sql</c>): every <c>endpoint_traffic</c> row, key and value, and the
/// per-ENI totals of <c>eni_traffic</c>.
/// </summary>
public class FlowLogJobAcceptanceTests
{
    private const string NetworkInterfacesFile = "describe-network-interfaces.json";
    private const string VpcEndpointsFile = "describe-vpc-endpoints.json";
    private const string SubnetsFile = "describe-subnets.json";

    // The endpoint_traffic columns compared: the key of README "Output" first, then the ENI's
    // inventory facts, then every metric except the binary sketches.
    private static readonly ComparedColumn[] EndpointColumns =
    [
        new("window_start", IsTimestamp: true), new("eni_id"), new("client_az_id"), new("direction"), new("observed_at"),
        new("account_id"), new("region"), new("vpc_id"), new("vpc_endpoint_id"), new("service_name"), new("az"), new("az_id"), new("subnet_id"),
        new("records"), new("packets"), new("bytes"), new("rejected_records"), new("rejected_packets"), new("rejected_bytes"),
        new("nodata_records"), new("skipdata_records"), new("syn_records"), new("synack_records"), new("fin_records"), new("rst_records"),
        new("distinct_clients", Agreement.Distinct),
        new("duration_p50_s", Agreement.Quantile), new("duration_p95_s", Agreement.Quantile), new("duration_p99_s", Agreement.Quantile),
        new("duration_max_s"),
        new("delivery_lag_p50_s", Agreement.Quantile), new("delivery_lag_p99_s", Agreement.Quantile), new("delivery_lag_max_s"),
        new("first_start", IsTimestamp: true), new("last_end", IsTimestamp: true),
    ];

    private const int EndpointKeyColumns = 5;

    private static readonly ComparedColumn[] EniTotalColumns = [new("eni_id"), new("records"), new("packets"), new("bytes")];

    [Theory]
    [InlineData("generated-default")]
    [InlineData("generated-v5")]
    [InlineData("data-samples")]
    public async Task RunAsync_Bucket_MatchesDuckDbOracle(string bucket)
    {
        using var temp = new TempDirectory();
        string input = PrepareBucket(bucket, Path.Combine(temp.Path, "bucket"));
        string awsLogs = Path.Combine(input, "AWSLogs");
        string networkInterfaces = Path.Combine(input, SampleBucketGenerator.InventoryFolder, NetworkInterfacesFile);
        string vpcEndpoints = Path.Combine(input, SampleBucketGenerator.InventoryFolder, VpcEndpointsFile);
        string subnets = Path.Combine(input, SampleBucketGenerator.InventoryFolder, SubnetsFile);
        string output = Path.Combine(temp.Path, "out");

        // The job, as `flowanalytics run --arrival-time mtime` runs it.
        EndpointInventory inventory = EndpointInventory.Load([networkInterfaces, vpcEndpoints, subnets]);
        RunResult result = await FlowLogJob.RunAsync(
            new LocalFileSource([awsLogs]), inventory, new RunOptions { RunId = "test", Arrival = ArrivalTime.LastModified });
        await RunWriter.WriteAsync(output, result, CancellationToken.None);

        // The oracle, from the raw files.
        IReadOnlyList<RawFlowLogFile> files = FlowLogOracle.Scan(awsLogs);
        using var db = new DuckDbQuery();
        FlowLogOracle.Load(db, files, networkInterfaces, vpcEndpoints, subnets);
        string endpointTraffic = DuckDbQuery.Literal(Path.Combine(output, "endpoint_traffic", "*", "*.parquet"));
        string eniTraffic = DuckDbQuery.Literal(Path.Combine(output, "eni_traffic", "*", "*.parquet"));

        // The oracle assumes each endpoint address belongs to one ENI (no overlapping VPCs).
        Assert.Equal(0L, Count(db, "SELECT count(*) FROM (SELECT bits FROM endpoint_address GROUP BY bits HAVING count(DISTINCT eni_id) > 1)"));

        // Every line is read: records = lines − header lines, nothing rejected or failed.
        long lines = files.Sum(f => f.Lines);
        long records = lines - files.Sum(f => f.HeaderLines);
        Assert.Equal(files.Count, result.Objects.Count);
        Assert.Equal(0, result.FailedObjects);
        Assert.Equal(0L, result.RejectedLines);
        Assert.Equal(lines, result.Lines);
        Assert.Equal(records, Count(db, "SELECT count(*) FROM raw_flow_logs"));
        Assert.Equal(records, result.Records);
        Assert.Equal(records, Count(db, $"SELECT sum(records)::BIGINT FROM read_parquet({eniTraffic}, hive_partitioning = true)"));

        // endpoint_traffic, row by row.
        string select = KeyedRowComparison.SelectList(EndpointColumns);
        List<object?[]> expected = db.Rows($"SELECT {select} FROM expected_endpoint_traffic");
        List<object?[]> actual = db.Rows($"SELECT {select} FROM read_parquet({endpointTraffic}, hive_partitioning = true)");
        AssertAgree("endpoint_traffic", EndpointColumns, EndpointKeyColumns, expected, actual);
        Assert.Equal(Count(db, "SELECT count(*) FROM attributed"), result.Aggregation.EndpointRecords);

        // eni_traffic: per ENI, the same totals as a plain GROUP BY interface-id of the raw logs.
        AssertAgree(
            "eni_traffic totals per eni_id", EniTotalColumns, 1,
            db.Rows("SELECT eni_id, records, packets, bytes FROM expected_eni_totals"),
            db.Rows($"SELECT eni_id, sum(records)::BIGINT, sum(packets)::BIGINT, sum(bytes)::BIGINT FROM read_parquet({eniTraffic}, hive_partitioning = true) GROUP BY eni_id"));

        // Each row sits in the date partition of its window.
        Assert.Equal(0L, Count(db, $"SELECT count(*) FROM read_parquet({endpointTraffic}, hive_partitioning = true) WHERE CAST(date AS VARCHAR) <> strftime(window_start, '%Y-%m-%d')"));

        AssertNonTrivial(db, files);
    }

    /// <summary>
    /// The comparison above must not pass vacuously: the data has both observation points, both
    /// directions, rejects, NODATA and SKIPDATA, clients in several AZs, clients outside every
    /// subnet, many windows and delivery lags.
    /// </summary>
    private static void AssertNonTrivial(DuckDbQuery db, IReadOnlyList<RawFlowLogFile> files)
    {
        object?[] stats = db.Rows("""
            SELECT count(DISTINCT observed_at), count(DISTINCT direction), count(DISTINCT client_az_id),
                   count(*) FILTER (WHERE client_az_id IS NULL AND direction IS NOT NULL),
                   count(*) FILTER (WHERE client_az_id IS NULL AND direction IS NULL),
                   sum(rejected_records)::BIGINT, sum(nodata_records)::BIGINT, sum(skipdata_records)::BIGINT,
                   sum(synack_records + syn_records + fin_records + rst_records)::BIGINT,
                   count(DISTINCT window_start), count(delivery_lag_max_s), count(DISTINCT eni_id), sum(records)::BIGINT
            FROM expected_endpoint_traffic
            """)[0];
        long Stat(int i) => Convert.ToInt64(stats[i], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(2, Stat(0));             // endpoint_eni and client_eni
        Assert.Equal(2, Stat(1));             // to_endpoint and from_endpoint
        Assert.True(Stat(2) >= 2, $"client AZs: {Stat(2)}");
        Assert.True(Stat(3) > 0, "no rows of clients outside every subnet (null client_az_id)");
        Assert.True(Stat(4) > 0, "no rows without a direction (NODATA/SKIPDATA at an endpoint ENI)");
        Assert.True(Stat(5) > 0, "no REJECT records");
        Assert.True(Stat(6) > 0, "no NODATA records");
        Assert.True(Stat(7) > 0, "no SKIPDATA records");
        if (files.Any(f => f.Header.Split(' ').Contains("tcp-flags")))
        {
            Assert.True(Stat(8) > 0, "no TCP flags counted though the format has tcp-flags");
        }

        Assert.True(Stat(9) >= 24, $"windows: {Stat(9)}");   // two hours of 5-minute windows
        Assert.True(Stat(10) > 0, "no delivery lag");
        Assert.True(Stat(11) >= 6, $"endpoint ENIs: {Stat(11)}");
        Assert.True(Stat(12) >= 5_000, $"endpoint records: {Stat(12)}");
    }

    private static void AssertAgree(string what, ComparedColumn[] columns, int keyColumns, List<object?[]> expected, List<object?[]> actual)
    {
        string? diff = KeyedRowComparison.Diff(what, columns, keyColumns, expected, actual);
        if (diff is not null)
        {
            Assert.Fail(diff);
        }
    }

    private static long Count(DuckDbQuery db, string sql) =>
        Convert.ToInt64(db.Scalar(sql) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes or copies the bucket under <paramref name="directory"/> (AWSLogs/ and inventory/) and returns that directory.</summary>
    private static string PrepareBucket(string bucket, string directory)
    {
        switch (bucket)
        {
            case "generated-default":
            case "generated-v5":
                SampleBucketGenerator.Generate(new SampleBucketOptions
                {
                    OutputDirectory = directory,
                    Records = 30_000,
                    Seed = bucket == "generated-v5" ? 5 : 2,
                    Hours = 2,
                    Format = bucket == "generated-v5" ? SampleRecordFormat.V5 : SampleRecordFormat.Default,
                });
                return directory;
            case "data-samples":
                // A copy (with the files' mtimes) so the run reads a tree nobody changes meanwhile.
                CopyTree(RepositoryPaths.DataSamples, directory);
                return directory;
            default:
                throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Unknown bucket.");
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
    }
}
