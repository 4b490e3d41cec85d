using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;

namespace FlowAnalytics.Tests.Parquet;

public sealed class LocalParquetSinkTests
{
    // Rows of SummaryTableSamples.EveryType by partition: dates ascending, the null partition last.
    private static readonly int[] PartitionedRowOrder = [4, 0, 2, 1, 5, 3];

    [Fact]
    public async Task WriteAsync_PartitionedByWindowStart_WritesOneFilePerUtcDate()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);

        IReadOnlyList<WrittenParquetFile> written = await sink.WriteAsync(SummaryTableSamples.EveryType(), "window_start");

        string[] expected =
        [
            "endpoint_traffic/date=1969-12-31/part-00000.parquet",
            "endpoint_traffic/date=2024-03-10/part-00000.parquet",
            "endpoint_traffic/date=2024-03-11/part-00000.parquet",
            "endpoint_traffic/date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
        ];
        Assert.Equal(expected, root.RelativeFiles());
        Assert.Equal(expected.Select(file => Path.Combine(root.Path, file)), written.Select(file => file.Path));
        Assert.Equal(["date=1969-12-31", "date=2024-03-10", "date=2024-03-11", "date=__HIVE_DEFAULT_PARTITION__"], written.Select(f => f.PartitionDirectory));
        Assert.Equal([1, 2, 2, 1], written.Select(file => file.Rows));
        Assert.All(written, file => Assert.Equal(new FileInfo(file.Path).Length, file.Bytes));
    }

    [Fact]
    public async Task WriteAsync_Partitioned_ReadsBackCellForCellInPartitionOrder()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);
        SummaryTable table = SummaryTableSamples.EveryType();

        await sink.WriteAsync(table, "window_start");
        SummaryTable read = await SummaryParquetReader.ReadTableAsync(sink.TableDirectory("endpoint_traffic"));

        SummaryTableAssert.Equal(SummaryTableSamples.SelectRows(table, PartitionedRowOrder), read);
    }

    [Fact]
    public async Task WriteAsync_Partitioned_DuckDbReadsHivePartitions()
    {
        using var root = new TempDirectory();
        await new LocalParquetSink(root.Path).WriteAsync(SummaryTableSamples.EveryType(), "window_start");
        using var duck = new DuckDbQuery();
        string source = $"read_parquet({DuckDbQuery.Literal(Path.Combine(root.Path, "endpoint_traffic", "*", "*.parquet"))}, hive_partitioning = true)";

        List<object?[]> nullCounts = duck.Rows(
            $"SELECT count(*) - count(window_start), count(*) - count(first_start), count(*) - count(vpc_endpoint_id), " +
            $"count(*) - count(records), count(*) - count(bytes), count(*) - count(duration_p50_s), count(*) - count(duration_sketch) FROM {source}");
        List<object?[]> dates = duck.Rows($"SELECT DISTINCT CAST(date AS VARCHAR) FROM {source} ORDER BY 1 NULLS LAST");

        Assert.Equal(6L, duck.Scalar($"SELECT count(*) FROM {source}"));
        Assert.Equal(3_000_000_000_047L, duck.Scalar($"SELECT sum(records)::BIGINT FROM {source}"));
        Assert.Equal(SummaryTableSamples.March11Noon, duck.Scalar($"SELECT epoch_us(window_start) FROM {source} WHERE records = 42"));
        Assert.Equal(253_402_300_799_999_999L, duck.Scalar($"SELECT epoch_us(first_start) FROM {source} WHERE records = 42"));
        Assert.Equal(SummaryTableSamples.UnicodeEndpoint, duck.Scalar($"SELECT vpc_endpoint_id FROM {source} WHERE records = 3000000000000"));
        Assert.Equal(4096L, duck.Scalar($"SELECT octet_length(duration_sketch) FROM {source} WHERE records = -5"));
        Assert.Equal(long.MinValue, duck.Scalar($"SELECT bytes FROM {source} WHERE window_start IS NOT NULL AND records IS NULL"));
        Assert.Equal([1L, 1L, 1L, 1L, 1L, 1L, 1L], nullCounts.Single().Select(Convert.ToInt64));
        Assert.Equal(["1969-12-31", "2024-03-10", "2024-03-11", null], dates.Select(row => (string?)row[0]));
        Assert.Equal(-5L, duck.Scalar($"SELECT records FROM {source} WHERE date IS NULL"));
        Assert.Equal(2L, duck.Scalar($"SELECT count(*) FROM {source} WHERE date = DATE '2024-03-10'"));
    }

    [Fact]
    public async Task WriteAsync_NoPartitionColumn_WritesOneFileUnderTheTable()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);
        SummaryTable table = SummaryTableSamples.EveryType("errors");

        IReadOnlyList<WrittenParquetFile> written = await sink.WriteAsync(table, partitionColumn: null);
        SummaryTable read = await SummaryParquetReader.ReadTableAsync(sink.TableDirectory("errors"));

        Assert.Equal(["errors/part-00000.parquet"], root.RelativeFiles());
        Assert.Null(Assert.Single(written).PartitionDirectory);
        Assert.Equal(6, written[0].Rows);
        SummaryTableAssert.Equal(table, read);
    }

    [Fact]
    public async Task WriteAsync_Rerun_ReplacesEachPartitionInsteadOfAddingACopy()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);
        await sink.WriteAsync(SummaryTableSamples.EveryType(), "window_start");
        string[] firstFiles = root.RelativeFiles();
        SummaryTable second = SummaryTableSamples.EveryType(recordsOffset: 1000);

        await sink.WriteAsync(second, "window_start");
        SummaryTable read = await SummaryParquetReader.ReadTableAsync(sink.TableDirectory("endpoint_traffic"));
        using var duck = new DuckDbQuery();
        string glob = DuckDbQuery.Literal(Path.Combine(root.Path, "endpoint_traffic", "*", "*.parquet"));

        Assert.Equal(firstFiles, root.RelativeFiles());
        SummaryTableAssert.Equal(SummaryTableSamples.SelectRows(second, PartitionedRowOrder), read);
        Assert.Equal(6L, duck.Scalar($"SELECT count(*) FROM read_parquet({glob}, hive_partitioning = true)"));
        Assert.Equal(3_000_000_005_047L, duck.Scalar($"SELECT sum(records)::BIGINT FROM read_parquet({glob}, hive_partitioning = true)"));
    }

    [Fact]
    public async Task WriteAsync_TimestampOutOfRangeMidFile_KeepsPreviousFileAndLeavesNoTempFile()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);
        await sink.WriteAsync(SummaryTableSamples.EveryType(), "window_start");
        Dictionary<string, byte[]> before = Snapshot(root);
        SummaryTable failing = SummaryTableSamples.EveryType(recordsOffset: 1);

        // first_start is the second column: window_start is already in the temporary file when it fails.
        failing["first_start"].Int64Values![0] = long.MaxValue;
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sink.WriteAsync(failing, "window_start"));

        AssertUnchanged(before, root);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("window_start")]
    public async Task WriteAsync_ColumnShorterThanRowCount_KeepsPreviousFileAndLeavesNoTempFile(string? partitionColumn)
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);
        await sink.WriteAsync(SummaryTableSamples.EveryType(), partitionColumn);
        Dictionary<string, byte[]> before = Snapshot(root);
        SummaryTable good = SummaryTableSamples.EveryType();
        var columns = good.Columns.ToList();
        columns[3] = SummaryColumn.Create("records", SummaryColumnType.Int64, good.RowCount - 1);
        var broken = new SummaryTable(good.Name, good.RowCount, columns);

        await Assert.ThrowsAsync<ArgumentException>(() => sink.WriteAsync(broken, partitionColumn));

        AssertUnchanged(before, root);
    }

    [Fact]
    public async Task WriteAsync_CancelledToken_KeepsPreviousFileAndLeavesNoTempFile()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);
        await sink.WriteAsync(SummaryTableSamples.EveryType(), "window_start");
        Dictionary<string, byte[]> before = Snapshot(root);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sink.WriteAsync(SummaryTableSamples.EveryType(recordsOffset: 1), "window_start", cancelled.Token));

        AssertUnchanged(before, root);
    }

    [Fact]
    public async Task WriteAsync_EmptyTableUnpartitioned_WritesSchemaOnlyFile()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);

        IReadOnlyList<WrittenParquetFile> written = await sink.WriteAsync(SummaryTableSamples.Empty("errors"), partitionColumn: null);
        SummaryTable read = await SummaryParquetReader.ReadTableAsync(sink.TableDirectory("errors"));
        using var duck = new DuckDbQuery();
        string source = $"read_parquet({DuckDbQuery.Literal(written[0].Path)})";

        Assert.Equal(0, Assert.Single(written).Rows);
        SummaryTableAssert.Equal(SummaryTableSamples.Empty("errors"), read);
        Assert.Equal(0L, duck.Scalar($"SELECT count(*) FROM {source}"));
        Assert.Equal(7, duck.Describe(source).Count);
    }

    [Fact]
    public async Task WriteAsync_EmptyTablePartitioned_WritesNothing()
    {
        using var root = new TempDirectory();

        IReadOnlyList<WrittenParquetFile> written = await new LocalParquetSink(root.Path).WriteAsync(SummaryTableSamples.Empty(), "window_start");

        Assert.Empty(written);
        Assert.Empty(root.RelativeFiles());
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("_manifest")]
    [InlineData("date=2024-01-01")]
    [InlineData("ünï")]
    public async Task WriteAsync_UnsafeTableName_ThrowsWithoutWriting(string name)
    {
        using var root = new TempDirectory();

        await Assert.ThrowsAsync<ArgumentException>(
            () => new LocalParquetSink(root.Path).WriteAsync(SummaryTableSamples.EveryType(name), partitionColumn: null));

        Assert.Empty(root.RelativeFiles());
    }

    [Theory]
    [InlineData("part-../../escape.parquet")]
    [InlineData("part-a/b.parquet")]
    [InlineData("part-x.parquet/..")]
    [InlineData("notpart.parquet")]
    [InlineData("part-x.csv")]
    public async Task WriteAsync_UnsafePartFileName_ThrowsWithoutWriting(string fileName)
    {
        using var root = new TempDirectory();

        await Assert.ThrowsAsync<ArgumentException>(
            () => new LocalParquetSink(root.Path).WriteAsync(SummaryTableSamples.EveryType("table"), partitionColumn: null, fileName));

        Assert.Empty(root.RelativeFiles());
    }

    [Fact]
    public void PartFileNameOf_RunIdOrNone_NamesThePartFile()
    {
        Assert.Equal("part-00000.parquet", LocalParquetSink.PartFileNameOf(null));
        Assert.Equal("part-shard-0003-of-0008.parquet", LocalParquetSink.PartFileNameOf("shard-0003-of-0008"));
    }

    [Theory]
    [InlineData("records")]
    [InlineData("no_such_column")]
    public async Task WriteAsync_PartitionColumnNotATimestamp_Throws(string partitionColumn)
    {
        using var root = new TempDirectory();

        await Assert.ThrowsAsync<ArgumentException>(
            () => new LocalParquetSink(root.Path).WriteAsync(SummaryTableSamples.EveryType(), partitionColumn));
    }

    private static Dictionary<string, byte[]> Snapshot(TempDirectory root) =>
        root.RelativeFiles().ToDictionary(file => file, file => File.ReadAllBytes(Path.Combine(root.Path, file)));

    private static void AssertUnchanged(Dictionary<string, byte[]> before, TempDirectory root)
    {
        Assert.Empty(root.FilesStartingWith(AtomicFile.TempFilePrefix));
        Dictionary<string, byte[]> after = Snapshot(root);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, file => Assert.True(file.Value.AsSpan().SequenceEqual(after[file.Key]), $"{file.Key} changed"));
    }
}
