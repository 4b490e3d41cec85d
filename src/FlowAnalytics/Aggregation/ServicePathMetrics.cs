namespace FlowAnalytics.Aggregation;

/// <summary>The counts of one <c>service_paths</c> row.</summary>
public sealed class ServicePathMetrics
{
    /// <summary>Records.</summary>
    public long Records { get; private set; }

    /// <summary>Packets of records that have them.</summary>
    public long Packets { get; private set; }

    /// <summary>Bytes of records that have them.</summary>
    public long Bytes { get; private set; }

    /// <summary>Adds one record (absent values as 0).</summary>
    public void Add(long packets, long bytes)
    {
        Records++;
        Packets += packets;
        Bytes += bytes;
    }

    /// <summary>Adds another row's counts.</summary>
    public void Merge(ServicePathMetrics other)
    {
        Records += other.Records;
        Packets += other.Packets;
        Bytes += other.Bytes;
    }
}
