using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>Parses the closed-vocabulary fields into their enum values; 0 means "not a word of this field".</summary>
internal static class WordParser
{
    /// <summary>The enum value of <paramref name="text"/> for <paramref name="field"/>, or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Parse(FlowField field, ReadOnlySpan<byte> text) => field switch
    {
        FlowField.Action => ParseAction(text),
        FlowField.LogStatus => ParseLogStatus(text),
        FlowField.Type => ParseType(text),
        FlowField.FlowDirection => ParseDirection(text),
        FlowField.SublocationType => ParseSublocation(text),
        _ => 0,
    };

    // The words of every record (action, log-status) compare as one or two integer loads: a
    // SequenceEqual call cost more than the compare. Text is little-endian byte order.
    private const uint Acce = 'A' | ('C' << 8) | ('C' << 16) | ('E' << 24);
    private const uint Reje = 'R' | ('E' << 8) | ('J' << 16) | ('E' << 24);
    private const ushort Pt = 'P' | ('T' << 8);
    private const ushort Ct = 'C' | ('T' << 8);
    private const ushort Ok = 'O' | ('K' << 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ParseAction(ReadOnlySpan<byte> text)
    {
        if (text.Length != 6)
        {
            return 0;
        }

        uint head = BinaryPrimitives.ReadUInt32LittleEndian(text);
        ushort tail = BinaryPrimitives.ReadUInt16LittleEndian(text[4..]);
        return head == Acce && tail == Pt ? (byte)FlowAction.Accept
            : head == Reje && tail == Ct ? (byte)FlowAction.Reject
            : (byte)0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ParseLogStatus(ReadOnlySpan<byte> text) => text.Length switch
    {
        2 when BinaryPrimitives.ReadUInt16LittleEndian(text) == Ok => (byte)LogStatus.Ok,
        6 when text.SequenceEqual("NODATA"u8) => (byte)LogStatus.NoData,
        8 when text.SequenceEqual("SKIPDATA"u8) => (byte)LogStatus.SkipData,
        _ => 0,
    };

    private static byte ParseType(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("IPv4"u8) ? (byte)TrafficType.IPv4
        : text.SequenceEqual("IPv6"u8) ? (byte)TrafficType.IPv6
        : text.SequenceEqual("EFA"u8) ? (byte)TrafficType.Efa
        : (byte)0;

    private static byte ParseDirection(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("ingress"u8) ? (byte)FlowDirection.Ingress
        : text.SequenceEqual("egress"u8) ? (byte)FlowDirection.Egress
        : (byte)0;

    private static byte ParseSublocation(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("wavelength"u8) ? (byte)SublocationType.Wavelength
        : text.SequenceEqual("outpost"u8) ? (byte)SublocationType.Outpost
        : text.SequenceEqual("localzone"u8) ? (byte)SublocationType.LocalZone
        : (byte)0;
}
