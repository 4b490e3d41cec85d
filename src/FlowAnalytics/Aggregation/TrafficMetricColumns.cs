namespace FlowAnalytics.Aggregation;

/// <summary>
/// The metric columns shared by <c>endpoint_traffic</c> and <c>eni_traffic</c> (DESIGN §5, §10), in
/// schema order, and how one <see cref="TrafficMetrics"/> fills a row of them.
/// </summary>
public sealed class TrafficMetricColumns
{
    /// <summary>The metric column names, in schema order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "records", "packets", "bytes", "rejected_records", "rejected_packets", "rejected_bytes",
        "nodata_records", "skipdata_records", "syn_records", "synack_records", "fin_records", "rst_records",
        "distinct_clients", "duration_p50_s", "duration_p95_s", "duration_p99_s", "duration_max_s",
        "delivery_lag_p50_s", "delivery_lag_p99_s", "delivery_lag_max_s", "first_start", "last_end",
        "duration_sketch", "delivery_lag_sketch", "clients_sketch",
    ];

    private readonly SummaryColumn[] _columns;

    /// <summary>Creates the metric columns for <paramref name="rows"/> rows.</summary>
    public TrafficMetricColumns(int rows)
    {
        _columns = new SummaryColumn[Names.Count];
        for (int c = 0; c < _columns.Length; c++)
        {
            _columns[c] = SummaryColumn.Create(Names[c], TypeOf(Names[c]), rows);
        }
    }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<SummaryColumn> Columns => _columns;

    /// <summary>Writes one key's metrics into row <paramref name="row"/>.</summary>
    public void Fill(int row, TrafficMetrics m)
    {
        long?[] counts =
        [
            m.Records, m.Packets, m.Bytes, m.RejectedRecords, m.RejectedPackets, m.RejectedBytes,
            m.NoDataRecords, m.SkipDataRecords, m.SynRecords, m.SynAckRecords, m.FinRecords, m.RstRecords,
            m.Clients.Estimate(),
            m.Duration.Quantile(0.50), m.Duration.Quantile(0.95), m.Duration.Quantile(0.99), m.Duration.Count > 0 ? m.Duration.Max : null,
            m.DeliveryLag.Quantile(0.50), m.DeliveryLag.Quantile(0.99), m.DeliveryLag.Count > 0 ? m.DeliveryLag.Max : null,
            Microseconds(m.FirstStart), Microseconds(m.LastEnd),
        ];
        for (int c = 0; c < counts.Length; c++)
        {
            _columns[c].Int64Values![row] = counts[c];
        }

        _columns[counts.Length].BinaryValues![row] = m.Duration.ToBytes();
        _columns[counts.Length + 1].BinaryValues![row] = m.DeliveryLag.ToBytes();
        _columns[counts.Length + 2].BinaryValues![row] = m.Clients.ToBytes();
    }

    /// <summary>Unix seconds as microseconds, the unit of Timestamp columns.</summary>
    public static long? Microseconds(long? unixSeconds) => unixSeconds * 1_000_000;

    private static SummaryColumnType TypeOf(string name) => name switch
    {
        "first_start" or "last_end" => SummaryColumnType.Timestamp,
        _ when name.EndsWith("_sketch", StringComparison.Ordinal) => SummaryColumnType.Binary,
        _ => SummaryColumnType.Int64,
    };
}
