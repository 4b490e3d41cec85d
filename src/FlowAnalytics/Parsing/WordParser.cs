using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// The closed-vocabulary fields' words and their enum values, one <see cref="WordTable"/> per
/// field; 0 means "not a word of this field". AWS writes each word in one case only, so the
/// compare is exact.
/// </summary>
internal static class WordParser
{
    private static readonly WordTable[] Tables = BuildTables();

    /// <summary>The table of a <see cref="FlowFieldKind.Word"/> field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref readonly WordTable Table(FlowField field) => ref Tables[(int)field];

    /// <summary>The enum value of <paramref name="text"/> for <paramref name="field"/>, or 0.</summary>
    public static byte Parse(FlowField field, ReadOnlySpan<byte> text) =>
        FlowFields.Kind(field) == FlowFieldKind.Word ? Tables[(int)field].Find(text) : (byte)0;

    private static WordTable[] BuildTables()
    {
        var tables = new WordTable[(int)FlowField.Unknown + 1];
        tables[(int)FlowField.Action] = new WordTable(("ACCEPT", (byte)FlowAction.Accept), ("REJECT", (byte)FlowAction.Reject));
        tables[(int)FlowField.LogStatus] = new WordTable(("OK", (byte)LogStatus.Ok), ("NODATA", (byte)LogStatus.NoData), ("SKIPDATA", (byte)LogStatus.SkipData));
        tables[(int)FlowField.Type] = new WordTable(("IPv4", (byte)TrafficType.IPv4), ("IPv6", (byte)TrafficType.IPv6), ("EFA", (byte)TrafficType.Efa));
        tables[(int)FlowField.FlowDirection] = new WordTable(("ingress", (byte)FlowDirection.Ingress), ("egress", (byte)FlowDirection.Egress));
        tables[(int)FlowField.SublocationType] = new WordTable(
            ("wavelength", (byte)SublocationType.Wavelength), ("outpost", (byte)SublocationType.Outpost), ("localzone", (byte)SublocationType.LocalZone));
        return tables;
    }
}
