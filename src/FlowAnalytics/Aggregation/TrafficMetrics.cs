using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// The metrics of one aggregation key (DESIGN §10): exact counts and sums, and sketches for
/// quantiles and distinct clients. Mutable; one instance per key per worker, merged at the end.
/// </summary>
public sealed partial class TrafficMetrics
{
    private const int Fin = 1;
    private const int Syn = 2;
    private const int Rst = 4;
    private const int Ack = 16;

    private long _firstStart = long.MaxValue;
    private long _lastEnd = long.MinValue;

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
    public long? FirstStart => _firstStart == long.MaxValue ? null : _firstStart;

    /// <summary>Largest end (Unix seconds), or null.</summary>
    public long? LastEnd => _lastEnd == long.MinValue ? null : _lastEnd;

    /// <summary>Flow durations (end − start) in seconds.</summary>
    public QuantileSketch Duration { get; private set; } = new();

    /// <summary>Delivery lags (arrival − end) in seconds.</summary>
    public QuantileSketch DeliveryLag { get; private set; } = new();

    /// <summary>Distinct client (peer) addresses.</summary>
    public DistinctSketch Clients { get; private set; } = new();

    /// <summary>
    /// Adds one record. Absent values are passed as 0 / <see cref="TrafficSample.NoTime"/> and count
    /// in nothing; <paramref name="clientHash"/> is the client's <see cref="DistinctSketch.Hash"/>
    /// when <paramref name="hasClient"/>; <paramref name="arrival"/> is the object's arrival (Unix
    /// seconds) or NoTime.
    /// </summary>
    internal void Add(in TrafficSample sample, bool hasClient, ulong clientHash, long arrival)
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

        long start = sample.Start;
        long end = sample.End;
        if (start != TrafficSample.NoTime && start < _firstStart)
        {
            _firstStart = start;
        }

        if (end != TrafficSample.NoTime)
        {
            if (end > _lastEnd)
            {
                _lastEnd = end;
            }

            if (start != TrafficSample.NoTime)
            {
                Duration.Add(end - start);
            }

            if (arrival != TrafficSample.NoTime)
            {
                DeliveryLag.Add(arrival - end);
            }
        }

        if (hasClient)
        {
            Clients.AddHash(clientHash);
        }
    }

    /// <summary>Bytes of storage the sketches hold, for tests of what a row keeps.</summary>
    internal long StorageBytes => Duration.StorageBytes + DeliveryLag.StorageBytes + Clients.StorageBytes;

    /// <summary>
    /// Lets go of sketch storage kept from an earlier key that this one does not use: metrics
    /// reused in a staging map and then moved into the run's, which keeps them to the end.
    /// </summary>
    internal void Trim()
    {
        Duration.Trim();
        DeliveryLag.Trim();
        Clients.Trim();
    }

    /// <summary>Empties the metrics, keeping the sketches' storage for the next key they count.</summary>
    public void Clear()
    {
        Records = Packets = Bytes = 0;
        RejectedRecords = RejectedPackets = RejectedBytes = 0;
        NoDataRecords = SkipDataRecords = 0;
        SynRecords = SynAckRecords = FinRecords = RstRecords = 0;
        _firstStart = long.MaxValue;
        _lastEnd = long.MinValue;
        Duration.Clear();
        DeliveryLag.Clear();
        Clients.Clear();
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
        _firstStart = Math.Min(_firstStart, other._firstStart);
        _lastEnd = Math.Max(_lastEnd, other._lastEnd);
        Duration.Merge(other.Duration);
        DeliveryLag.Merge(other.DeliveryLag);
        Clients.Merge(other.Clients);
    }
}
