using FlowAnalytics.Records;

namespace FlowAnalytics.Sampling;

/// <summary>
/// One flow-log record as the traffic model decides it, before formatting. Text fields point at
/// precomputed UTF-8 (the ENI's and the scenario's), so filling a record allocates nothing.
/// Nullable parts use null, -1 or 0 for "AWS writes <c>-</c>".
/// </summary>
internal struct SampleRecord
{
    /// <summary>The ENI the record is logged on.</summary>
    public SampleInterface Interface;

    /// <summary><c>srcaddr</c> text, or null.</summary>
    public byte[]? SrcAddr;

    /// <summary><c>dstaddr</c> text, or null.</summary>
    public byte[]? DstAddr;

    /// <summary><c>pkt-srcaddr</c> text (the packet's original source, which differs behind a NAT gateway), or null.</summary>
    public byte[]? PktSrcAddr;

    /// <summary><c>pkt-dstaddr</c> text, or null.</summary>
    public byte[]? PktDstAddr;

    /// <summary><c>pkt-src-aws-service</c> text (<c>S3</c>, <c>DYNAMODB</c>), or null.</summary>
    public byte[]? PktSrcService;

    /// <summary><c>pkt-dst-aws-service</c> text, or null.</summary>
    public byte[]? PktDstService;

    /// <summary><c>srcport</c>, or -1.</summary>
    public int SrcPort;

    /// <summary><c>dstport</c>, or -1.</summary>
    public int DstPort;

    /// <summary><c>protocol</c> (IANA number), or -1.</summary>
    public int Protocol;

    /// <summary><c>tcp-flags</c> (OR of the flags seen in the window), or -1.</summary>
    public int TcpFlags;

    /// <summary><c>traffic-path</c> (egress only), or -1.</summary>
    public int TrafficPath;

    /// <summary><c>packets</c>, or -1.</summary>
    public long Packets;

    /// <summary><c>bytes</c>, or -1.</summary>
    public long Bytes;

    /// <summary><c>start</c>, Unix seconds.</summary>
    public long Start;

    /// <summary><c>end</c>, Unix seconds (≥ start).</summary>
    public long End;

    /// <summary><c>action</c>; 0 writes <c>-</c>.</summary>
    public FlowAction Action;

    /// <summary><c>log-status</c>.</summary>
    public LogStatus Status;

    /// <summary><c>type</c>; 0 writes <c>-</c>.</summary>
    public TrafficType Type;

    /// <summary><c>flow-direction</c>; 0 writes <c>-</c>.</summary>
    public FlowDirection Direction;
}
