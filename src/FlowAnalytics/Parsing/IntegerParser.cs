using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Parses non-negative decimal integers from ASCII digits. Up to 16 digits go through one 16-byte
/// vector (SSE4.1; on AVX-512 four fields at once), else through SWAR: eight digits at a time
/// checked and combined inside one 64-bit word. The byte loop is the reference twin and handles
/// the rest.
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
        if (Sse41.IsSupported && (uint)(length - 1) < 16 && line.Length - start >= 16)
        {
            // One compare against max tells a good value from a bad one on the common path.
            result = SixteenDigits(line, start, length);
            if (result > (ulong)max)
            {
                value = 0;
                return result == NotDigits ? FieldParseStatus.Bad : FieldParseStatus.OutOfRange;
            }

            value = (long)result;
            return FieldParseStatus.Ok;
        }

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

    /// <summary>
    /// Sixteen digits at once: the field's bytes, loaded from its start, are moved to the end of the
    /// vector (the bytes before them become zero), checked in one compare and combined by three
    /// multiply-adds and a pack into two eight-digit halves. <see cref="NotDigits"/> when a byte of
    /// the field is not a digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SixteenDigits(ReadOnlySpan<byte> line, int start, int length)
    {
        Vector128<byte> digits = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(line), (nuint)start) - Vector128.Create((byte)'0');
        Vector128<byte> shift = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(RightAlignWindow), (nuint)length);
        // The shuffle keeps only the field's bytes (the rest become the digit 0), so one compare
        // of the whole vector checks exactly the field.
        Vector128<byte> aligned = Ssse3.Shuffle(digits, shift);
        bool notDigits = Vector128.GreaterThanAny(aligned, Vector128.Create((byte)9));
        Vector128<short> pairs = Ssse3.MultiplyAddAdjacent(aligned, Vector128.Create(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, (sbyte)1));
        Vector128<int> quads = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create(100, 1, 100, 1, 100, 1, 100, (short)1));
        Vector128<ushort> packed = Sse41.PackUnsignedSaturate(quads, quads);
        ulong halves = Sse2.MultiplyAddAdjacent(packed.AsInt16(), Vector128.Create(10000, 1, 10000, 1, 10000, 1, 10000, (short)1)).AsUInt64().ToScalar();
        ulong value = ((uint)halves * 100_000_000UL) + (halves >> 32);
        return notDigits ? NotDigits : value;
    }

    /// <summary>What <see cref="SixteenDigits"/> returns for a field that is not all digits: above any max.</summary>
    private const ulong NotDigits = ulong.MaxValue;

    /// <summary>True when this CPU parses four fields at once (<see cref="TryParseFour"/>).</summary>
    public static bool FourAtOnce => Avx512BW.IsSupported;

    /// <summary>
    /// Parses four fields of 1 to 16 bytes, each with 16 readable bytes of the line from its start,
    /// as <see cref="SixteenDigits"/> does one: each 128-bit lane of the vectors holds one field.
    /// <paramref name="values"/> holds field k in element 2k. False when a field is not all digits
    /// ("-" too) or above its max in <paramref name="maxima"/> (element 2k and 2k + 1): the caller
    /// types those fields one by one, which tells null from bad and bad from out of range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseFour(
        ReadOnlySpan<byte> line, int start0, int start1, int start2, int start3,
        int length0, int length1, int length2, int length3, Vector512<ulong> maxima, out Vector512<ulong> values)
    {
        ref byte text = ref MemoryMarshal.GetReference(line);
        ref byte window = ref MemoryMarshal.GetReference(RightAlignWindow);
        // WithUpper rather than Create(lower, upper): the JIT built the latter on a zero vector it
        // kept live across the caller's loop, spilling it around calls.
        Vector512<byte> digits = Vector256.Create(Vector128.LoadUnsafe(ref text, (nuint)start0), Vector128.LoadUnsafe(ref text, (nuint)start1)).ToVector512Unsafe()
            .WithUpper(Vector256.Create(Vector128.LoadUnsafe(ref text, (nuint)start2), Vector128.LoadUnsafe(ref text, (nuint)start3)))
            - Vector512.Create((byte)'0');
        Vector512<byte> shift = Vector256.Create(Vector128.LoadUnsafe(ref window, (nuint)length0), Vector128.LoadUnsafe(ref window, (nuint)length1)).ToVector512Unsafe()
            .WithUpper(Vector256.Create(Vector128.LoadUnsafe(ref window, (nuint)length2), Vector128.LoadUnsafe(ref window, (nuint)length3)));
        Vector512<byte> aligned = Avx512BW.Shuffle(digits, shift);
        Vector512<short> pairs = Avx512BW.MultiplyAddAdjacent(aligned, Vector512.Create((short)0x010A).AsSByte());
        Vector512<int> quads = Avx512BW.MultiplyAddAdjacent(pairs, Vector512.Create(0x0001_0064).AsInt16());
        Vector512<ushort> packed = Avx512BW.PackUnsignedSaturate(quads, quads);
        Vector512<ulong> halves = Avx512BW.MultiplyAddAdjacent(packed.AsInt16(), Vector512.Create(0x0001_2710).AsInt16()).AsUInt64();
        values = Avx512F.Multiply(halves.AsUInt32(), Vector512.Create(100_000_000UL).AsUInt32()) + (halves >> 32);
        return !Vector512.GreaterThanAny(aligned, Vector512.Create((byte)9)) && !Vector512.GreaterThanAny(values, maxima);
    }

    // Sixteen bytes from offset n are the shuffle that moves an n-byte field to the end of a vector:
    // out-of-field positions pick 0x80, which the shuffle turns into zero.
    private static ReadOnlySpan<byte> RightAlignWindow =>
    [
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    ];

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
