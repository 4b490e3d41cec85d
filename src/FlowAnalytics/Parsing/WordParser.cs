using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>Parses the closed-vocabulary fields into their enum values; 0 means "not a word of this field".</summary>
internal static class WordParser
{
    /// <summary>The enum value of <paramref name="text"/> for <paramref name="field"/>, or 0.</summary>
    public static byte Parse(FlowField field, ReadOnlySpan<byte> text) => field switch
    {
        FlowField.Action => ParseAction(text),
        FlowField.LogStatus => ParseLogStatus(text),
        FlowField.Type => ParseType(text),
        FlowField.FlowDirection => ParseDirection(text),
        FlowField.SublocationType => ParseSublocation(text),
        _ => 0,
    };

    // The common words first, told apart by length and first byte before any full compare.
    private static byte ParseAction(ReadOnlySpan<byte> text) => text.Length != 6 ? (byte)0 : (byte)(text[0] switch
    {
        (byte)'A' when text.SequenceEqual("ACCEPT"u8) => (byte)FlowAction.Accept,
        (byte)'R' when text.SequenceEqual("REJECT"u8) => (byte)FlowAction.Reject,
        _ => 0,
    });

    private static byte ParseLogStatus(ReadOnlySpan<byte> text) => text.Length switch
    {
        2 when text[0] == (byte)'O' && text[1] == (byte)'K' => (byte)LogStatus.Ok,
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
