using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>Parses <c>prefix-hex</c> resource ids (<c>eni-0a1b…</c>) into <see cref="ResourceId"/>.</summary>
internal static class ResourceIdParser
{
    /// <summary>
    /// Parses <c>line[start..end]</c> with the prefix given as <see cref="VectorIdParser.PrefixWord"/>
    /// and its length: through the vector parser when the CPU has it and its loads stay inside the
    /// line, else the byte loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> line, int start, int end, ulong prefixWord, int prefixLength, out ResourceId id) =>
        VectorIdParser.IsSupported && VectorIdParser.CanRead(line, start, end)
            ? VectorIdParser.TryParse(line, start, end, prefixWord, prefixLength, out id)
            : TryParseBytes(line[start..end], prefixWord, prefixLength, out id);

    // A call, so that the byte loop stays out of the parsing loops the vector path inlines into.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseBytes(ReadOnlySpan<byte> text, ulong prefixWord, int prefixLength, out ResourceId id) =>
        TryParse(text, MemoryMarshal.AsBytes(new ReadOnlySpan<ulong>(in prefixWord))[..prefixLength], out id);

    /// <summary>Parses the whole span; false without the prefix or with 0 or more than 17 hex digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix, out ResourceId id)
    {
        id = default;
        int digits = text.Length - prefix.Length;
        if ((uint)(digits - 1) >= ResourceId.MaxDigits || !text.StartsWith(prefix))
        {
            return false;
        }

        // The digits beyond the last 16 (at most one: 17-digit ids) go to the high word.
        ReadOnlySpan<byte> hex = text[prefix.Length..];
        int split = Math.Max(0, hex.Length - 16);
        ReadOnlySpan<byte> lowDigits = hex[split..];
        ulong low;
        bool valid = lowDigits.Length == 16 && Vector128.IsHardwareAccelerated
            ? TryHex16(lowDigits, out low)
            : TryHex(lowDigits, out low);
        if (!valid || !TryHex(hex[..split], out ulong high))
        {
            return false;
        }

        id = ResourceId.Create(new Bits128(high, low), digits);
        return true;
    }

    /// <summary>Sixteen hex digits at once (today's ids are 17: one digit plus these); the table loop below is the reference twin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryHex16(ReadOnlySpan<byte> hex, out ulong value) =>
        VectorIdParser.TryPackHex(Vector128.Create(hex), Vector128<byte>.AllBitsSet, out value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryHex(ReadOnlySpan<byte> hex, out ulong value)
    {
        // Lowercase as AWS writes ids; uppercase too rather than reject a record over case.
        ulong result = 0;
        int bad = 0;
        foreach (byte b in hex)
        {
            int d = HexDigits[b];
            bad |= d;
            result = (result << 4) | (uint)(d & 0xF);
        }

        value = result;
        return bad >= 0;
    }

    /// <summary>The value of one hex digit (either case), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HexDigit(byte b) => HexDigits[b];

    // -1 for bytes that are not hex digits; OR-ing them keeps the sign bit of any bad one.
    private static ReadOnlySpan<sbyte> HexDigits =>
    [
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ];
}
