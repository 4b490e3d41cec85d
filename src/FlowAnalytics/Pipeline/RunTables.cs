using FlowAnalytics.Aggregation;
using FlowAnalytics.Parsing;

namespace FlowAnalytics.Pipeline;

/// <summary>The tables a run writes (DESIGN §5), with the column each is partitioned by.</summary>
public static class RunTables
{
    /// <summary>The table of rejected lines and objects.</summary>
    public const string Errors = "errors";

    /// <summary>Every table of a run, in the order they are written; partition column null = unpartitioned.</summary>
    /// <remarks>
    /// <c>service_paths</c> is written only when some object's format had the AWS-service fields:
    /// from logs without them it would be empty rows that look like "no such traffic".
    /// </remarks>
    public static IReadOnlyList<(SummaryTable Table, string? PartitionColumn)> Build(RunResult result)
    {
        var builders = new List<(Func<SummaryTable> Build, string? PartitionColumn)>
        {
            (() => TrafficTables.BuildEndpointTraffic(result.Aggregation), TrafficTables.PartitionColumn),
            (() => TrafficTables.BuildEniTraffic(result.Aggregation), TrafficTables.PartitionColumn),
        };
        if (result.Aggregation.ServiceFieldRecords > 0)
        {
            builders.Add((() => ServicePathTable.Build(result.Aggregation), TrafficTables.PartitionColumn));
        }

        builders.Add((() => BuildErrors(result), null));

        // Nothing writes the run's maps any more and building only reads them (sketches serialize
        // without caching), so the tables build side by side: one core each instead of one in all.
        var tables = new (SummaryTable Table, string? PartitionColumn)[builders.Count];
        Parallel.For(0, builders.Count, i => tables[i] = (builders[i].Build(), builders[i].PartitionColumn));
        return tables;
    }

    /// <summary>
    /// One row per kept error sample (object, line, reason, excerpt) with the total count of that
    /// reason in that object, and one row per failed object (line null).
    /// </summary>
    public static SummaryTable BuildErrors(RunResult result)
    {
        var rows = new List<(string Key, long? Line, string Reason, string? Field, string? Excerpt, long Count)>();
        foreach (ObjectResult o in result.Objects)
        {
            if (o.Failure is not null)
            {
                rows.Add((o.Object.Key, null, o.Failure, null, null, 1));
            }

            foreach (FlowLineError error in o.Errors.Samples)
            {
                rows.Add((o.Object.Key, error.LineNumber, error.Message, error.Field, error.Excerpt, o.Errors.Counts[error.Message]));
            }
        }

        var key = SummaryColumn.Create("object_key", SummaryColumnType.String, rows.Count);
        var line = SummaryColumn.Create("line_number", SummaryColumnType.Int64, rows.Count);
        var reason = SummaryColumn.Create("reason", SummaryColumnType.String, rows.Count);
        var field = SummaryColumn.Create("field", SummaryColumnType.String, rows.Count);
        var excerpt = SummaryColumn.Create("excerpt", SummaryColumnType.String, rows.Count);
        var count = SummaryColumn.Create("reason_count", SummaryColumnType.Int64, rows.Count);
        var runId = SummaryColumn.Create("run_id", SummaryColumnType.String, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            key.StringValues![i] = rows[i].Key;
            line.Int64Values![i] = rows[i].Line;
            reason.StringValues![i] = rows[i].Reason;
            field.StringValues![i] = rows[i].Field;
            excerpt.StringValues![i] = rows[i].Excerpt;
            count.Int64Values![i] = rows[i].Count;
            runId.StringValues![i] = result.Options.RunId;
        }

        return new SummaryTable(Errors, rows.Count, [key, line, reason, field, excerpt, count, runId]);
    }
}
