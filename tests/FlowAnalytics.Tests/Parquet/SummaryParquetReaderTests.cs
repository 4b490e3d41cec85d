using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;

namespace FlowAnalytics.Tests.Parquet;

public sealed class SummaryParquetReaderTests
{
    [Fact]
    public async Task ReadTableAsync_TempHiddenAndForeignFiles_AreSkipped()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);
        SummaryTable table = SummaryTableSamples.SelectRows(SummaryTableSamples.EveryType(), [0, 1]);
        await sink.WriteAsync(table, "window_start");
        string tableDirectory = sink.TableDirectory("endpoint_traffic");
        string march10 = Path.Combine(tableDirectory, "date=2024-03-10");

        // Garbage a reader must never open: a write in progress, Hive/Spark markers, other files.
        await File.WriteAllTextAsync(Path.Combine(march10, ".tmp-0123-part-00000.parquet.partial"), "not parquet");
        await File.WriteAllTextAsync(Path.Combine(march10, ".tmp-part-00001.parquet"), "not parquet");
        await File.WriteAllTextAsync(Path.Combine(march10, "part-00001.parquet.crc"), "not parquet");
        await File.WriteAllTextAsync(Path.Combine(tableDirectory, "_SUCCESS"), "");
        Directory.CreateDirectory(Path.Combine(tableDirectory, "_temporary=1"));
        await File.WriteAllTextAsync(Path.Combine(tableDirectory, "_temporary=1", "part-00000.parquet"), "not parquet");
        Directory.CreateDirectory(Path.Combine(tableDirectory, "notes"));
        await File.WriteAllTextAsync(Path.Combine(tableDirectory, "notes", "part-00000.parquet"), "not parquet");

        SummaryTable read = await SummaryParquetReader.ReadTableAsync(tableDirectory);

        Assert.Equal(2, SummaryParquetReader.ListTableFiles(tableDirectory).Count);
        SummaryTableAssert.Equal(table, read);
    }

    [Fact]
    public async Task ReadTableAsync_PartsWithDifferentSchemas_ThrowsInvalidData()
    {
        using var root = new TempDirectory();
        var sink = new LocalParquetSink(root.Path);
        await sink.WriteAsync(SummaryTableSamples.SelectRows(SummaryTableSamples.EveryType(), [0]), "window_start");
        SummaryColumn windowStart = SummaryColumn.Create("window_start", SummaryColumnType.Timestamp, 1);
        windowStart.Int64Values![0] = SummaryTableSamples.March11Noon;
        await sink.WriteAsync(new SummaryTable("endpoint_traffic", 1, [windowStart]), "window_start");

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(
            () => SummaryParquetReader.ReadTableAsync(sink.TableDirectory("endpoint_traffic")));

        Assert.Contains("date=2024-03-11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadTableAsync_MissingDirectory_ThrowsDirectoryNotFound()
    {
        using var root = new TempDirectory();

        await Assert.ThrowsAsync<DirectoryNotFoundException>(
            () => SummaryParquetReader.ReadTableAsync(Path.Combine(root.Path, "endpoint_traffic")));
    }

    [Fact]
    public async Task ReadTableAsync_DirectoryWithoutParts_ThrowsFileNotFound()
    {
        using var root = new TempDirectory();

        await Assert.ThrowsAsync<FileNotFoundException>(() => SummaryParquetReader.ReadTableAsync(root.Path));
    }

    [Fact]
    public async Task ReadFileAsync_FileWrittenByDuckDb_ReadsTypesAndValues()
    {
        using var root = new TempDirectory();
        string path = Path.Combine(root.Path, "from_duckdb.parquet");
        using (var duck = new DuckDbQuery())
        {
            duck.Execute(
                "COPY (SELECT * FROM (VALUES " +
                "(TIMESTAMPTZ '2024-03-11 12:34:56.789012+00', 42::BIGINT, 0.25::DOUBLE, 'ünï', '\\xDE\\xAD'::BLOB), " +
                "(NULL, NULL, NULL, NULL, NULL)) AS t(window_start, records, share, name, sketch)) " +
                $"TO {DuckDbQuery.Literal(path)} (FORMAT parquet)");
        }

        SummaryTable read = await SummaryParquetReader.ReadFileAsync(path);

        Assert.Equal("from_duckdb", read.Name);
        Assert.Equal(
            [SummaryColumnType.Timestamp, SummaryColumnType.Int64, SummaryColumnType.Double, SummaryColumnType.String, SummaryColumnType.Binary],
            read.Columns.Select(c => c.Type));
        Assert.Equal([SummaryTableSamples.March11Noon, null], read["window_start"].Int64Values!);
        Assert.Equal([42L, null], read["records"].Int64Values!);
        Assert.Equal([0.25, null], read["share"].DoubleValues!);
        Assert.Equal(new string?[] { "ünï", null }, read["name"].StringValues!.AsEnumerable());
        Assert.Equal([0xDE, 0xAD], read["sketch"].BinaryValues![0]);
        Assert.Null(read["sketch"].BinaryValues![1]);
    }

    [Fact]
    public async Task ReadFileAsync_ColumnOfUnsupportedType_ThrowsNamingTheColumn()
    {
        using var root = new TempDirectory();
        string path = Path.Combine(root.Path, "int32.parquet");
        using (var duck = new DuckDbQuery())
        {
            duck.Execute($"COPY (SELECT 1::INTEGER AS small_count) TO {DuckDbQuery.Literal(path)} (FORMAT parquet)");
        }

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => SummaryParquetReader.ReadFileAsync(path));

        Assert.Contains("small_count", error.Message, StringComparison.Ordinal);
    }
}
