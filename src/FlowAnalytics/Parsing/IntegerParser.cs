using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlowAnalytics.Parsing;

/// <summary>Parses non-negative decimal integers from ASCII digits.</summary>
internal static class IntegerParser
{
    /// <summary>
    /// Parses <paramref name="text"/> (the whole span must be digits) into a value no larger than
    /// <paramref name="max"/>. Leading zeros are allowed; signs, spaces and an empty span are not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldParseStatus Parse(ReadOnlySpan<byte> text, long max, out long value)
    {
        value = 0;
        if ((uint)(text.Length - 1) >= 19)
        {
            return text.IsEmpty ? FieldParseStatus.Bad : ParseLong(text);
        }

        // Up to 19 digits fit in an unsigned 64-bit value without overflow (10^19 - 1 < 2^64).
        ref byte digit = ref MemoryMarshal.GetReference(text);
        ulong result = 0;
        for (int i = 0; i < text.Length; i++)
        {
            uint d = (uint)Unsafe.Add(ref digit, i) - '0';
            if (d > 9)
            {
                return FieldParseStatus.Bad;
            }

            result = result * 10 + d;
        }

        if (result > (ulong)max)
        {
            return FieldParseStatus.OutOfRange;
        }

        value = (long)result;
        return FieldParseStatus.Ok;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FieldParseStatus ParseLong(ReadOnlySpan<byte> text)
    {
        // More than 19 characters: out of range if they are all digits, else bad.
        foreach (byte b in text)
        {
            if ((uint)(b - '0') > 9)
            {
                return FieldParseStatus.Bad;
            }
        }

        return FieldParseStatus.OutOfRange;
    }
}
