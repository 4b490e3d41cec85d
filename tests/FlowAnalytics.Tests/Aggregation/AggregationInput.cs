using FlowAnalytics.Aggregation;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Aggregation;

/// <summary>Feeds flow-log text to an aggregator through the real reader, and reads cells of built tables by column name.</summary>
internal static class AggregationInput
{
    /// <summary>
    /// Reads <paramref name="text"/> with <see cref="FlowLogReader"/> in batches of
    /// <paramref name="batchCapacity"/> rows (small, so one text makes several batches) and adds
    /// every batch; fails if the reader rejects any line, since the test data is meant to be valid.
    /// </summary>
    public static async Task FeedAsync(WindowAggregator aggregator, string text, long? arrival = null, int batchCapacity = 3)
    {
        var errors = new FlowErrorLog(int.MaxValue);
        await using (var reader = new FlowLogReader(SegmentedInput.Whole(text), new FlowLogReaderOptions { Errors = errors }))
        {
            var batch = new FlowRecordBatch(batchCapacity);
            while (await reader.ReadBatchAsync(batch))
            {
                aggregator.Add(batch, arrival);
            }
        }

        Assert.True(errors.Total == 0, string.Join("; ", errors.Samples));
    }

    public static long? Long(SummaryTable table, string column, int row) => table[column].Int64Values![row];

    public static string? Text(SummaryTable table, string column, int row) => table[column].StringValues![row];

    /// <summary>Unix seconds as the µs a Timestamp cell holds.</summary>
    public static long Micros(long unixSeconds) => unixSeconds * 1_000_000;

    /// <summary>Every row's values of the named columns, as text ("-" for null), in table order.</summary>
    public static List<string> Rows(SummaryTable table, params string[] columns)
    {
        var rows = new List<string>();
        for (int row = 0; row < table.RowCount; row++)
        {
            var cells = new List<string>();
            foreach (string name in columns)
            {
                SummaryColumn column = table[name];
                cells.Add(column.StringValues is not null ? column.StringValues[row] ?? "-" : column.Int64Values![row]?.ToString() ?? "-");
            }

            rows.Add(string.Join(" ", cells));
        }

        return rows;
    }
}
