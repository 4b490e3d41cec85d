using FlowAnalytics.Analysis;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Tests.Analysis;

/// <summary>The analysts' helpers over the bundled samples, each checked against the same question asked of DuckDB in SQL.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class EndpointQuestionsTests : IAsyncLifetime
{
    private readonly TempDirectory _out = new();
    private DataFrame _frame = null!;
    private string _source = string.Empty;

    public async Task InitializeAsync()
    {
        await SampleOutput.RunAsync(_out.Path);
        _frame = await SummaryFrames.LoadAsync(Path.Combine(_out.Path, "endpoint_traffic"));
        _source = $"read_parquet({DuckDbQuery.Literal(Path.Combine(_out.Path, "endpoint_traffic", "*", "*.parquet"))}, hive_partitioning = true)";
    }

    public Task DisposeAsync()
    {
        _out.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void TopEndpointsByBytes_Samples_SameAsSql()
    {
        DataFrame top = EndpointQuestions.TopEndpointsByBytes(_frame, 3);

        using var duck = new DuckDbQuery();
        List<object?[]> expected = duck.Rows(
            $"SELECT vpc_endpoint_id, service_name, sum(bytes)::BIGINT, sum(records)::BIGINT FROM {_source} WHERE observed_at = 'endpoint_eni' " +
            "GROUP BY ALL ORDER BY 3 DESC, 1 LIMIT 3");
        Assert.Equal(expected.Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]}"), Rows(top, "vpc_endpoint_id", "service_name", "bytes", "records"));
    }

    [Fact]
    public void PerAzBreakdown_Samples_BytesAndCrossAzShareSameAsSql()
    {
        DataFrame perAz = EndpointQuestions.PerAzBreakdown(_frame);

        using var duck = new DuckDbQuery();
        List<object?[]> expected = duck.Rows(
            $"SELECT vpc_endpoint_id, az_id, sum(bytes)::BIGINT, " +
            "round(sum(bytes) FILTER (client_az_id IS NOT NULL AND client_az_id <> az_id) / nullif(sum(bytes) FILTER (client_az_id IS NOT NULL), 0), 9) " +
            $"FROM {_source} WHERE observed_at = 'endpoint_eni' GROUP BY ALL ORDER BY 1, 2");
        Assert.Equal(
            expected.Select(r => $"{r[0]} {r[1]} {r[2]} {(r[3] is null ? "-" : Convert.ToDouble(r[3], System.Globalization.CultureInfo.InvariantCulture).ToString("F9", System.Globalization.CultureInfo.InvariantCulture))}"),
            Enumerable.Range(0, (int)perAz.Rows.Count).Select(i =>
                $"{perAz.Columns["vpc_endpoint_id"][i]} {perAz.Columns["az_id"][i]} {perAz.Columns["bytes"][i]} " +
                $"{(perAz.Columns["cross_az_share"][i] is double d ? Math.Round(d, 9).ToString("F9", System.Globalization.CultureInfo.InvariantCulture) : "-")}"));
        // Each endpoint's AZ shares add up to one.
        Assert.All(
            Enumerable.Range(0, (int)perAz.Rows.Count).GroupBy(i => (string)perAz.Columns["vpc_endpoint_id"][i]!),
            g => Assert.Equal(1.0, g.Sum(i => (double)perAz.Columns["share_of_endpoint_bytes"][i]!), 9));
    }

    [Fact]
    public void RejectRateOverTime_Samples_OneRowPerWindowSameAsSql()
    {
        DataFrame rates = EndpointQuestions.RejectRateOverTime(_frame);

        using var duck = new DuckDbQuery();
        List<object?[]> expected = duck.Rows(
            $"SELECT sum(records)::BIGINT, sum(rejected_records)::BIGINT, sum(rst_records)::BIGINT FROM {_source} " +
            "WHERE observed_at = 'endpoint_eni' GROUP BY window_start ORDER BY window_start");
        Assert.Equal(expected.Select(r => $"{r[0]} {r[1]} {r[2]}"), Rows(rates, "records", "rejected_records", "rst_records"));
        Assert.True(rates.Columns["reject_rate"].Cast<double?>().Any(r => r > 0), "the samples have rejects");
    }

    private static IEnumerable<string> Rows(DataFrame frame, params string[] columns) =>
        Enumerable.Range(0, (int)frame.Rows.Count).Select(i => string.Join(' ', columns.Select(c => frame.Columns[c][i])));
}
