using FlowAnalytics.Records;

namespace FlowAnalytics.Sampling;

/// <summary>The field layouts the sample generator writes.</summary>
public enum SampleRecordFormat : byte
{
    /// <summary>The 14-field default format (version 2).</summary>
    Default,

    /// <summary>
    /// A 29-field custom format with every version 2–5 field, in the order an attribution job
    /// would choose (addresses first, ENI metadata in the middle, status last).
    /// </summary>
    V5,
}

/// <summary>The field lists and version numbers behind each <see cref="SampleRecordFormat"/>.</summary>
public static class SampleRecordFormats
{
    private static readonly FlowField[] V5Fields =
    [
        FlowField.Version, FlowField.SrcAddr, FlowField.DstAddr, FlowField.SrcPort, FlowField.DstPort,
        FlowField.Protocol, FlowField.Start, FlowField.End, FlowField.Type, FlowField.Packets, FlowField.Bytes,
        FlowField.AccountId, FlowField.VpcId, FlowField.SubnetId, FlowField.InstanceId, FlowField.InterfaceId,
        FlowField.Region, FlowField.AzId, FlowField.SublocationType, FlowField.SublocationId, FlowField.Action,
        FlowField.TcpFlags, FlowField.PktSrcAddr, FlowField.PktDstAddr, FlowField.PktSrcAwsService,
        FlowField.PktDstAwsService, FlowField.TrafficPath, FlowField.FlowDirection, FlowField.LogStatus,
    ];

    /// <summary>The fields of <paramref name="format"/>, in the order they appear on a line.</summary>
    public static ReadOnlySpan<FlowField> Fields(SampleRecordFormat format) => format switch
    {
        SampleRecordFormat.Default => FlowFields.DefaultFormat,
        SampleRecordFormat.V5 => V5Fields,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
    };

    /// <summary>
    /// The value of the <c>version</c> field: AWS writes the highest version whose fields the
    /// format uses, not the version the flow log was created with.
    /// </summary>
    public static int Version(SampleRecordFormat format) => format == SampleRecordFormat.V5 ? 5 : 2;

    /// <summary>Parses <c>default</c> or <c>v5</c> (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out SampleRecordFormat format)
    {
        if (string.Equals(text, "default", StringComparison.OrdinalIgnoreCase))
        {
            format = SampleRecordFormat.Default;
            return true;
        }

        format = SampleRecordFormat.V5;
        return string.Equals(text, "v5", StringComparison.OrdinalIgnoreCase);
    }
}
