namespace FlowAnalytics.Aggregation;

public sealed partial class TrafficMetrics
{
    /// <summary>
    /// The metrics a written row holds, restored from its counts, times and sketches (the derived
    /// columns, quantiles and the distinct count, are recomputed from the sketches when written
    /// again). A row restored and filled again is the row it came from.
    /// </summary>
    /// <param name="metrics">The row's metric columns, in <see cref="TrafficMetricColumns.Names"/> order.</param>
    /// <param name="row">The row.</param>
    /// <exception cref="FormatException">A count is null or a sketch is missing or unreadable.</exception>
    public static TrafficMetrics FromRow(IReadOnlyList<SummaryColumn> metrics, int row)
    {
        var m = new TrafficMetrics
        {
            Records = Count(metrics, 0, row),
            Packets = Count(metrics, 1, row),
            Bytes = Count(metrics, 2, row),
            RejectedRecords = Count(metrics, 3, row),
            RejectedPackets = Count(metrics, 4, row),
            RejectedBytes = Count(metrics, 5, row),
            NoDataRecords = Count(metrics, 6, row),
            SkipDataRecords = Count(metrics, 7, row),
            SynRecords = Count(metrics, 8, row),
            SynAckRecords = Count(metrics, 9, row),
            FinRecords = Count(metrics, 10, row),
            RstRecords = Count(metrics, 11, row),
            Duration = QuantileSketch.FromBytes(Sketch(metrics, 22, row)),
            DeliveryLag = QuantileSketch.FromBytes(Sketch(metrics, 23, row)),
            Clients = DistinctSketch.FromBytes(Sketch(metrics, 24, row)),
        };

        // Timestamps are microseconds in the table and Unix seconds here (whole seconds both ways).
        if (metrics[20].Int64Values![row] is { } first)
        {
            m._firstStart = first / 1_000_000;
        }

        if (metrics[21].Int64Values![row] is { } last)
        {
            m._lastEnd = last / 1_000_000;
        }

        return m;
    }

    private static long Count(IReadOnlyList<SummaryColumn> metrics, int column, int row) =>
        metrics[column].Int64Values![row] ?? throw new FormatException($"{metrics[column].Name} is null in row {row}: not a table this engine wrote.");

    private static byte[] Sketch(IReadOnlyList<SummaryColumn> metrics, int column, int row) =>
        metrics[column].BinaryValues![row] ?? throw new FormatException($"{metrics[column].Name} is null in row {row}: not a table this engine wrote.");
}
