using FlowAnalytics.Analysis;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Tests.Analysis;

/// <summary>Every output table of the bundled samples as a DataFrame: types, rows and sums as DuckDB reads the same files.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SummaryFramesTests : IAsyncLifetime
{
    private readonly TempDirectory _out = new();

    public async Task InitializeAsync()
    {
        await SampleOutput.RunAsync(_out.Path);
    }

    public Task DisposeAsync()
    {
        _out.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("endpoint_traffic", true)]
    [InlineData("eni_traffic", true)]
    [InlineData("service_paths", true)]
    [InlineData("errors", false)]
    public async Task LoadAsync_EveryTable_RowsAndColumnsAsDuckDbReadsThem(string table, bool partitioned)
    {
        string directory = Path.Combine(_out.Path, table);

        DataFrame frame = await SummaryFrames.LoadAsync(directory);

        using var duck = new DuckDbQuery();
        string glob = DuckDbQuery.Literal(Path.Combine(directory, partitioned ? "*/*.parquet" : "*.parquet"));
        string source = $"read_parquet({glob}, hive_partitioning = {(partitioned ? "true" : "false")})";
        Assert.Equal(Convert.ToInt64(duck.Scalar($"SELECT count(*) FROM {source}")), frame.Rows.Count);
        Dictionary<string, string> types = duck.Describe(source);
        foreach (DataFrameColumn column in frame.Columns)
        {
            Type expected = types[column.Name] switch
            {
                "TIMESTAMP WITH TIME ZONE" or "TIMESTAMP" => typeof(DateTime),
                "BIGINT" => typeof(long),
                "DOUBLE" => typeof(double),
                _ => typeof(string), // VARCHAR, and the hive partition (DATE or VARCHAR by DuckDB's guess)
            };
            Assert.True(expected == column.DataType, $"{table}.{column.Name}: {column.DataType} where DuckDB has {types[column.Name]}");
        }

        // Every column DuckDB sees is there, except the sketches (a DataFrame has no binary type).
        Assert.Equal(
            types.Where(t => t.Value != "BLOB").Select(t => t.Key).Order(StringComparer.Ordinal),
            frame.Columns.Select(c => c.Name).Order(StringComparer.Ordinal));
        if (table != "errors")
        {
            Assert.Equal(
                Convert.ToInt64(duck.Scalar($"SELECT sum(bytes)::BIGINT FROM {source}")),
                ((Int64DataFrameColumn)frame.Columns["bytes"]).Sum());
            Assert.Equal("2026-11-01", frame.Columns["date"][0]);
            var first = (DateTime)frame.Columns["window_start"][0]!;
            Assert.Equal(DateTimeKind.Utc, first.Kind);
            Assert.Equal(
                Convert.ToDateTime(duck.Scalar($"SELECT min(window_start)::TIMESTAMP FROM {source}"), System.Globalization.CultureInfo.InvariantCulture),
                frame.Columns["window_start"].Cast<DateTime?>().Min());
        }
    }

    [Fact]
    public async Task LoadAsync_MissingDirectory_ThrowsNamingIt()
    {
        string missing = Path.Combine(_out.Path, "no_such_table");

        FileNotFoundException e = await Assert.ThrowsAsync<FileNotFoundException>(() => SummaryFrames.LoadAsync(missing));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }
}
