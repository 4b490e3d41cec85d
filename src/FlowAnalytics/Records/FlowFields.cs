using System.Text;

namespace FlowAnalytics.Records;

/// <summary>What the reader knows about each <see cref="FlowField"/>: its name, how it is typed, its range.</summary>
public static class FlowFields
{
    /// <summary>The number of known fields (<see cref="FlowField.Unknown"/> excluded).</summary>
    public const int Count = (int)FlowField.Unknown;

    private static readonly string[] Names =
    [
        "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol",
        "packets", "bytes", "start", "end", "action", "log-status",
        "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
        "region", "az-id", "sublocation-type", "sublocation-id",
        "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path",
        "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id",
        "ecs-container-id", "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn",
        "ecs-task-arn", "ecs-task-id",
        "reject-reason",
    ];

    private static readonly byte[][] Utf8Names = CreateUtf8Names();

    /// <summary>The 14 fields of the default (version 2) format, in order.</summary>
    public static ReadOnlySpan<FlowField> DefaultFormat =>
    [
        FlowField.Version, FlowField.AccountId, FlowField.InterfaceId, FlowField.SrcAddr, FlowField.DstAddr,
        FlowField.SrcPort, FlowField.DstPort, FlowField.Protocol, FlowField.Packets, FlowField.Bytes,
        FlowField.Start, FlowField.End, FlowField.Action, FlowField.LogStatus,
    ];

    /// <summary>The field's name as AWS writes it in a header (<c>log-status</c>).</summary>
    public static string Name(FlowField field) => field == FlowField.Unknown ? "unknown" : Names[(int)field];

    /// <summary>The field's column name in AWS's Parquet delivery (<c>log_status</c>).</summary>
    public static string ParquetName(FlowField field) => Name(field).Replace('-', '_');

    /// <summary>How the field's text is typed.</summary>
    public static FlowFieldKind Kind(FlowField field) => field switch
    {
        FlowField.Version or FlowField.SrcPort or FlowField.DstPort or FlowField.Protocol or FlowField.Packets
            or FlowField.Bytes or FlowField.Start or FlowField.End or FlowField.TcpFlags
            or FlowField.TrafficPath => FlowFieldKind.Integer,
        FlowField.SrcAddr or FlowField.DstAddr or FlowField.PktSrcAddr or FlowField.PktDstAddr => FlowFieldKind.Address,
        FlowField.InterfaceId or FlowField.VpcId or FlowField.SubnetId or FlowField.InstanceId => FlowFieldKind.ResourceId,
        FlowField.AccountId => FlowFieldKind.Account,
        FlowField.Action or FlowField.LogStatus or FlowField.Type or FlowField.FlowDirection
            or FlowField.SublocationType => FlowFieldKind.Word,
        _ => FlowFieldKind.Text,
    };

    /// <summary>The largest value an integer field may hold; larger is "number out of range".</summary>
    public static long MaxValue(FlowField field) => field switch
    {
        FlowField.SrcPort or FlowField.DstPort => ushort.MaxValue,
        FlowField.Protocol or FlowField.Version or FlowField.TrafficPath => byte.MaxValue,
        // Nine TCP header flag bits (NS..FIN) OR-ed together.
        FlowField.TcpFlags => 0x1FF,
        _ => long.MaxValue,
    };

    /// <summary>The text before the hex digits of a resource-id field (<c>eni-</c>, <c>i-</c>).</summary>
    public static ReadOnlySpan<byte> IdPrefix(FlowField field) => field switch
    {
        FlowField.InterfaceId => "eni-"u8,
        FlowField.VpcId => "vpc-"u8,
        FlowField.SubnetId => "subnet-"u8,
        FlowField.InstanceId => "i-"u8,
        _ => [],
    };

    /// <summary>
    /// The field's index among the fields of its kind: its column in a <see cref="FlowRecordBatch"/>.
    /// Text fields have no fixed slot (their slot comes from the layout).
    /// </summary>
    public static int Slot(FlowField field) => field switch
    {
        FlowField.Version or FlowField.SrcAddr or FlowField.InterfaceId or FlowField.Action => 0,
        FlowField.SrcPort or FlowField.DstAddr or FlowField.VpcId or FlowField.LogStatus => 1,
        FlowField.DstPort or FlowField.PktSrcAddr or FlowField.SubnetId or FlowField.Type => 2,
        FlowField.Protocol or FlowField.PktDstAddr or FlowField.InstanceId or FlowField.FlowDirection => 3,
        FlowField.Packets or FlowField.SublocationType => 4,
        FlowField.Bytes => 5,
        FlowField.Start => 6,
        FlowField.End => 7,
        FlowField.TcpFlags => 8,
        FlowField.TrafficPath => 9,
        _ => 0,
    };

    /// <summary>Number of integer columns.</summary>
    public const int IntegerCount = 10;

    /// <summary>Number of address columns.</summary>
    public const int AddressCount = 4;

    /// <summary>Number of resource-id columns.</summary>
    public const int ResourceIdCount = 4;

    /// <summary>Number of word columns.</summary>
    public const int WordCount = 5;

    /// <summary>Looks up a header name; false for names this build does not know.</summary>
    public static bool TryParseName(ReadOnlySpan<byte> name, out FlowField field)
    {
        byte[][] names = Utf8Names;
        for (int i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                field = (FlowField)i;
                return true;
            }
        }

        field = FlowField.Unknown;
        return false;
    }

    /// <summary>Looks up a name written with hyphens or underscores (Parquet columns, <c>--format</c>).</summary>
    public static bool TryParseName(string name, out FlowField field)
    {
        Span<byte> buffer = stackalloc byte[64];
        if (name.Length > buffer.Length)
        {
            field = FlowField.Unknown;
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            buffer[i] = c == '_' ? (byte)'-' : (byte)char.ToLowerInvariant(c);
        }

        return TryParseName(buffer[..name.Length], out field);
    }

    private static byte[][] CreateUtf8Names()
    {
        var names = new byte[Names.Length][];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = Encoding.ASCII.GetBytes(Names[i]);
        }

        return names;
    }
}
