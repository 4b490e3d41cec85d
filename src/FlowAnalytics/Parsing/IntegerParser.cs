using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Parses non-negative decimal integers from ASCII digits. Up to 16 digits go through SWAR: eight
/// digits at a time checked and combined inside one 64-bit word (three multiplies instead of a
/// multiply-add chain per digit); the byte loop is the reference twin and handles the rest.
/// </summary>
internal static class IntegerParser
{
    private const ulong Zeros = 0x3030303030303030UL;

    /// <summary>
    /// Parses <c>line[start..end]</c> (all digits) into a value no larger than <paramref name="max"/>.
    /// Reading the token through the whole line lets the SWAR path load eight bytes around it
    /// without touching memory outside the line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldParseStatus Parse(ReadOnlySpan<byte> line, int start, int end, long max, out long value)
    {
        int length = end - start;
        ulong result;
        if ((uint)(length - 1) < 8 && end >= 8)
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(line), end - 8));
            if (!TryEightDigits(word, length, out result))
            {
                value = 0;
                return FieldParseStatus.Bad;
            }
        }
        else if ((uint)(length - 9) < 8 && end >= 16)
        {
            ref byte first = ref MemoryMarshal.GetReference(line);
            ulong low = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, end - 8));
            ulong high = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, end - 16));
            if (!TryEightDigits(low, 8, out ulong lowValue) || !TryEightDigits(high, length - 8, out ulong highValue))
            {
                value = 0;
                return FieldParseStatus.Bad;
            }

            result = highValue * 100_000_000 + lowValue;
        }
        else
        {
            return Parse(line[start..end], max, out value);
        }

        if (result > (ulong)max)
        {
            value = 0;
            return FieldParseStatus.OutOfRange;
        }

        value = (long)result;
        return FieldParseStatus.Ok;
    }

    /// <summary>The byte-at-a-time reference: the whole span must be digits.</summary>
    public static FieldParseStatus Parse(ReadOnlySpan<byte> text, long max, out long value)
    {
        value = 0;
        if ((uint)(text.Length - 1) >= 19)
        {
            return text.IsEmpty ? FieldParseStatus.Bad : ParseLong(text);
        }

        // Up to 19 digits fit in an unsigned 64-bit value without overflow (10^19 - 1 < 2^64).
        ulong result = 0;
        foreach (byte b in text)
        {
            uint d = (uint)b - '0';
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

    /// <summary>
    /// The last <paramref name="digits"/> bytes of <paramref name="word"/> (little-endian: its high
    /// bytes) as a number; false when any of them is not a digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryEightDigits(ulong word, int digits, out ulong value)
    {
        // Bytes before the token become '0': leading zeros change nothing.
        ulong keep = ulong.MaxValue << (8 * (8 - digits));
        word = (word & keep) | (Zeros & ~keep);

        // Every byte is 0x30..0x39 iff its high nibble is 3 and adding 6 does not carry into it.
        if (((word & 0xF0F0F0F0F0F0F0F0UL) | (((word + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) >> 4)) != 0x3333333333333333UL)
        {
            value = 0;
            return false;
        }

        // Pairwise: 1 digit → 2 → 4 → 8, most significant digit in the lowest byte.
        word = (word & 0x0F0F0F0F0F0F0F0FUL) * 2561 >> 8;
        word = (word & 0x00FF00FF00FF00FFUL) * 6553601 >> 16;
        value = (word & 0x0000FFFF0000FFFFUL) * 42949672960001UL >> 32;
        return true;
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
