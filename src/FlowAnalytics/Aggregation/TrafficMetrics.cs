using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// The metrics of one aggregation key (DESIGN §10): exact counts and sums, and sketches for
/// quantiles and distinct clients. Mutable; one instance per key per worker, merged at the end.
/// </summary>
public sealed class TrafficMetrics
{
    private const int Fin = 1;
    private const int Syn = 2;
    private const int Rst = 4;
    private const int Ack = 16;

    /// <summary>Every record (OK, NODATA, SKIPDATA).</summary>
    public long Records { get; private set; }

    /// <summary>Sum of packets over records that have a value.</summary>
    public long Packets { get; private set; }

    /// <summary>Sum of bytes over records that have a value.</summary>
    public long Bytes { get; private set; }

    /// <summary>Records with action REJECT.</summary>
    public long RejectedRecords { get; private set; }

    /// <summary>Packets of REJECT records.</summary>
    public long RejectedPackets { get; private set; }

    /// <summary>Bytes of REJECT records.</summary>
    public long RejectedBytes { get; private set; }

    /// <summary>Records with log-status NODATA.</summary>
    public long NoDataRecords { get; private set; }

    /// <summary>Records with log-status SKIPDATA (lost records, not zero traffic).</summary>
    public long SkipDataRecords { get; private set; }

    /// <summary>Records with SYN set and ACK not set.</summary>
    public long SynRecords { get; private set; }

    /// <summary>Records with SYN and ACK set.</summary>
    public long SynAckRecords { get; private set; }

    /// <summary>Records with FIN set.</summary>
    public long FinRecords { get; private set; }

    /// <summary>Records with RST set.</summary>
    public long RstRecords { get; private set; }

    /// <summary>Smallest start (Unix seconds), or null.</summary>
    public long? FirstStart { get; private set; }

    /// <summary>Largest end (Unix seconds), or null.</summary>
    public long? LastEnd { get; private set; }

    /// <summary>Flow durations (end − start) in seconds.</summary>
    public QuantileSketch Duration { get; private set; } = new();

    /// <summary>Delivery lags (arrival − end) in seconds.</summary>
    public QuantileSketch DeliveryLag { get; private set; } = new();

    /// <summary>Distinct client (peer) addresses.</summary>
    public DistinctSketch Clients { get; private set; } = new();

    /// <summary>Adds one record. Absent values are passed as 0 / null presence and count in nothing.</summary>
    public void Add(in TrafficSample sample)
    {
        Records++;
        Packets += sample.Packets;
        Bytes += sample.Bytes;
        if (sample.Action == FlowAction.Reject)
        {
            RejectedRecords++;
            RejectedPackets += sample.Packets;
            RejectedBytes += sample.Bytes;
        }

        if (sample.Status == LogStatus.NoData)
        {
            NoDataRecords++;
        }
        else if (sample.Status == LogStatus.SkipData)
        {
            SkipDataRecords++;
        }

        if (sample.TcpFlags >= 0)
        {
            int flags = sample.TcpFlags;
            SynRecords += (flags & (Syn | Ack)) == Syn ? 1 : 0;
            SynAckRecords += (flags & (Syn | Ack)) == (Syn | Ack) ? 1 : 0;
            FinRecords += flags & Fin;
            RstRecords += (flags & Rst) >> 2;
        }

        if (sample.Start is long start)
        {
            FirstStart = FirstStart is long first && first <= start ? first : start;
        }

        if (sample.End is long end)
        {
            LastEnd = LastEnd is long last && last >= end ? last : end;
            if (sample.Start is long s)
            {
                Duration.Add(end - s);
            }

            if (sample.Arrival is long arrival)
            {
                DeliveryLag.Add(arrival - end);
            }
        }

        if (sample.HasClient)
        {
            Clients.Add(sample.Client);
        }
    }

    /// <summary>Adds every record counted by <paramref name="other"/>.</summary>
    public void Merge(TrafficMetrics other)
    {
        Records += other.Records;
        Packets += other.Packets;
        Bytes += other.Bytes;
        RejectedRecords += other.RejectedRecords;
        RejectedPackets += other.RejectedPackets;
        RejectedBytes += other.RejectedBytes;
        NoDataRecords += other.NoDataRecords;
        SkipDataRecords += other.SkipDataRecords;
        SynRecords += other.SynRecords;
        SynAckRecords += other.SynAckRecords;
        FinRecords += other.FinRecords;
        RstRecords += other.RstRecords;
        FirstStart = Min(FirstStart, other.FirstStart);
        LastEnd = Max(LastEnd, other.LastEnd);
        Duration.Merge(other.Duration);
        DeliveryLag.Merge(other.DeliveryLag);
        Clients.Merge(other.Clients);
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
