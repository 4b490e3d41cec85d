using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;

namespace FlowAnalytics.Tests.Parquet;

public sealed class SummaryParquetWriterTests
{
    [Fact]
    public async Task StartWarmUp_CalledTwice_OneWarmUpThatCompletes()
    {
        Task first = SummaryParquetWriter.StartWarmUp();

        Assert.Same(first, SummaryParquetWriter.StartWarmUp());
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(first.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WriteAsync_WarmUpTable_EveryTypeWithAValueAndANullReadsBack()
    {
        // The warm-up swallows failures: its table must write cleanly, or it warms nothing.
        SummaryTable table = SummaryParquetWriter.WarmUpTable();
        using var stream = new MemoryStream();

        await SummaryParquetWriter.WriteAsync(table, stream);

        stream.Position = 0;
        SummaryTable back = await SummaryParquetReader.ReadAsync(stream, "fallback");
        Assert.Equal(Enum.GetValues<SummaryColumnType>(), table.Columns.Select(c => c.Type));
        SummaryTableAssert.Equal(table, back);
    }

    [Fact]
    public async Task WriteAsync_EveryColumnType_ReadsBackCellForCell()
    {
        SummaryTable table = SummaryTableSamples.EveryType();
        using var stream = new MemoryStream();

        await SummaryParquetWriter.WriteAsync(table, stream);
        stream.Position = 0;
        SummaryTable read = await SummaryParquetReader.ReadAsync(stream, "fallback");

        SummaryTableAssert.Equal(table, read);
    }

    [Fact]
    public async Task WriteAsync_EveryColumnType_DuckDbSeesUtcMicrosTimestampsAndZstd()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "table.parquet");
        await WriteFileAsync(SummaryTableSamples.EveryType(), path);
        using var duck = new DuckDbQuery();
        string source = $"read_parquet({DuckDbQuery.Literal(path)})";

        Dictionary<string, string> types = duck.Describe(source);
        List<object?[]> schema = duck.Rows(
            $"SELECT name, type, logical_type, repetition_type FROM parquet_schema({DuckDbQuery.Literal(path)}) WHERE name <> 'duckdb_schema'");
        List<object?[]> compression = duck.Rows($"SELECT DISTINCT compression FROM parquet_metadata({DuckDbQuery.Literal(path)})");

        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["window_start"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["first_start"]);
        Assert.Equal("VARCHAR", types["vpc_endpoint_id"]);
        Assert.Equal("BIGINT", types["records"]);
        Assert.Equal("DOUBLE", types["duration_p50_s"]);
        Assert.Equal("BLOB", types["duration_sketch"]);
        object?[] windowStart = schema.Single(row => (string)row[0]! == "window_start");
        Assert.Equal("INT64", windowStart[1]);
        Assert.Contains("isAdjustedToUTC=1", (string)windowStart[2]!, StringComparison.Ordinal);
        Assert.Contains("MICROS=MicroSeconds()", (string)windowStart[2]!, StringComparison.Ordinal);
        Assert.All(schema.Skip(1), row => Assert.Equal("OPTIONAL", row[3]));
        Assert.Equal("ZSTD", Assert.Single(compression)[0]);
        Assert.Equal(SummaryTableSamples.March11Noon, duck.Scalar($"SELECT epoch_us(window_start) FROM {source} WHERE records = 42"));
    }

    [Fact]
    public async Task WriteAsync_EmptyTable_WritesSchemaWithoutRows()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "empty.parquet");
        SummaryTable empty = SummaryTableSamples.Empty();

        await WriteFileAsync(empty, path);
        SummaryTable read = await SummaryParquetReader.ReadFileAsync(path);
        using var duck = new DuckDbQuery();

        SummaryTableAssert.Equal(empty, read);
        Assert.Equal(0L, duck.Scalar($"SELECT count(*) FROM read_parquet({DuckDbQuery.Literal(path)})"));
        Assert.Equal("TIMESTAMP WITH TIME ZONE", duck.Describe($"read_parquet({DuckDbQuery.Literal(path)})")["window_start"]);
    }

    [Fact]
    public async Task WriteAsync_MoreRowsThanRowGroupLimit_SplitsIntoRowGroups()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "sequence.parquet");
        SummaryTable table = SummaryTableSamples.Sequence(10);
        await using (FileStream stream = File.Create(path))
        {
            await SummaryParquetWriter.WriteAsync(table, stream, maxRowGroupRows: 4, CancellationToken.None);
        }

        SummaryTable read = await SummaryParquetReader.ReadFileAsync(path);
        using var duck = new DuckDbQuery();
        List<object?[]> rowGroups = duck.Rows(
            $"SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata({DuckDbQuery.Literal(path)}) ORDER BY 1");

        SummaryTableAssert.Equal(table, read);
        Assert.Equal([4L, 4L, 2L], rowGroups.Select(row => Convert.ToInt64(row[1])).ToArray());
    }

    [Fact]
    public async Task WriteAsync_OneRowMoreThanMaxRowGroupRows_WritesTwoRowGroups()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "sequence.parquet");
        SummaryTable table = SummaryTableSamples.Sequence(SummaryParquetWriter.MaxRowGroupRows + 1);

        await WriteFileAsync(table, path);
        SummaryTable read = await SummaryParquetReader.ReadFileAsync(path);
        using var duck = new DuckDbQuery();
        List<object?[]> rowGroups = duck.Rows(
            $"SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata({DuckDbQuery.Literal(path)}) ORDER BY 1");

        Assert.Equal([1_000_000L, 1L], rowGroups.Select(row => Convert.ToInt64(row[1])).ToArray());
        Assert.Equal(1_000_000L, read["value"].Int64Values![^1]);
        Assert.True(table["value"].Int64Values!.AsSpan().SequenceEqual(read["value"].Int64Values));
    }

    [Fact]
    public async Task WriteAsync_ColumnShorterThanRowCount_ThrowsBeforeWriting()
    {
        SummaryColumn full = SummaryColumn.Create("a", SummaryColumnType.Int64, 3);
        SummaryColumn shorter = SummaryColumn.Create("b", SummaryColumnType.String, 2);
        var table = new SummaryTable("broken", 3, [full, shorter]);
        using var stream = new MemoryStream();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => SummaryParquetWriter.WriteAsync(table, stream));

        Assert.Contains("Column b", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task WriteAsync_DuplicateColumnNames_Throws()
    {
        var table = new SummaryTable(
            "broken", 1, [SummaryColumn.Create("a", SummaryColumnType.Int64, 1), SummaryColumn.Create("a", SummaryColumnType.Double, 1)]);

        await Assert.ThrowsAsync<ArgumentException>(() => SummaryParquetWriter.WriteAsync(table, new MemoryStream()));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(253_402_300_800_000_000)]
    [InlineData(-62_135_596_800_000_001)]
    public async Task WriteAsync_TimestampOutsideYears1To9999_ThrowsNamingTheColumn(long microseconds)
    {
        SummaryColumn timestamps = SummaryColumn.Create("last_end", SummaryColumnType.Timestamp, 1);
        timestamps.Int64Values![0] = microseconds;
        var table = new SummaryTable("broken", 1, [timestamps]);

        ArgumentOutOfRangeException error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => SummaryParquetWriter.WriteAsync(table, new MemoryStream()));

        Assert.Contains("last_end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => SummaryParquetWriter.WriteAsync(SummaryTableSamples.EveryType(), new MemoryStream(), cancelled.Token));
    }

    private static async Task WriteFileAsync(SummaryTable table, string path)
    {
        await using FileStream stream = File.Create(path);
        await SummaryParquetWriter.WriteAsync(table, stream);
    }
}
