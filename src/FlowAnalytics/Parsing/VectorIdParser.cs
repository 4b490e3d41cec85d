using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Parses a <c>prefix-hex</c> resource id with one 8-byte load for the prefix and one 16-byte load
/// for the last sixteen hex digits, which <see cref="TryPackHex"/> turns into a word: less than
/// the column memo's compare and copy cost when it misses, as it does on most ENI ids (see
/// <see cref="IdColumn"/>).
/// </summary>
internal static class VectorIdParser
{
    /// <summary>True when this CPU runs the vector path; otherwise callers get the byte loop.</summary>
    public static bool IsSupported => Ssse3.IsSupported;

    /// <summary>True when the loads of <see cref="TryParse"/> stay inside the line for a field at start..end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool CanRead(ReadOnlySpan<byte> line, int start, int end) => end >= 16 && line.Length - start >= 8;

    /// <summary>
    /// The little-endian word of a prefix of up to 7 bytes (zero beyond it), as
    /// <see cref="TryParse"/> compares it.
    /// </summary>
    public static ulong PrefixWord(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length is < 1 or > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(prefix), "An id prefix has 1 to 7 bytes.");
        }

        Span<byte> word = stackalloc byte[8];
        word.Clear();
        prefix.CopyTo(word);
        return BinaryPrimitives.ReadUInt64LittleEndian(word);
    }

    /// <summary>
    /// Parses <c>line[start..end]</c> as the prefix (given as <see cref="PrefixWord"/> and its
    /// length) followed by 1 to 17 hex digits, as <see cref="ResourceIdParser.TryParse(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out ResourceId)"/> does.
    /// Needs <see cref="CanRead"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> line, int start, int end, ulong prefix, int prefixLength, out ResourceId id)
    {
        id = default;
        int digits = end - start - prefixLength;
        ref byte first = ref MemoryMarshal.GetReference(line);
        ulong head = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, start)) & ~(ulong.MaxValue << (8 * prefixLength));
        if ((uint)(digits - 1) >= ResourceId.MaxDigits || head != prefix)
        {
            return false;
        }

        // The last sixteen bytes of the field end at its end; the bytes of those that come before
        // its digits (short ids) are left out of the check and become zero nibbles.
        Vector128<byte> text = Vector128.LoadUnsafe(ref first, (nuint)(end - 16));
        Vector128<byte> inside = Vector128.GreaterThanOrEqual(
            Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
            Vector128.Create((byte)Math.Max(0, 16 - digits)));
        if (!TryPackHex(text, inside, out ulong low))
        {
            return false;
        }

        ulong high = 0;
        if (digits == ResourceId.MaxDigits)
        {
            int digit = ResourceIdParser.HexDigit(Unsafe.Add(ref first, start + prefixLength));
            if (digit < 0)
            {
                return false;
            }

            high = (ulong)digit;
        }

        id = ResourceId.Create(new Bits128(high, low), digits);
        return true;
    }

    /// <summary>True when this CPU parses four ids at once (<see cref="TryPackFour"/>).</summary>
    public static bool FourAtOnce => Avx512BW.IsSupported;

    /// <summary>
    /// The last sixteen hex digits of four ids at once, as <see cref="TryPackHex"/> does one: each
    /// 128-bit lane holds the sixteen bytes that end at its id's end, of which the last
    /// <c>digitsK</c> (at most 16; 0 for a null field) are checked and packed, the rest zero.
    /// <paramref name="values"/> holds id k's word in element 2k. False when a byte inside is not
    /// a hex digit. Needs <c>end0 ≥ 16</c> and ends in ascending order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryPackFour(
        ReadOnlySpan<byte> line, int end0, int end1, int end2, int end3,
        int digits0, int digits1, int digits2, int digits3, out Vector512<ulong> values)
    {
        ref byte text = ref MemoryMarshal.GetReference(line);
        ref byte window = ref MemoryMarshal.GetReference(InsideWindow);
        Vector512<byte> tails = Vector256.Create(Vector128.LoadUnsafe(ref text, (nuint)(end0 - 16)), Vector128.LoadUnsafe(ref text, (nuint)(end1 - 16))).ToVector512Unsafe()
            .WithUpper(Vector256.Create(Vector128.LoadUnsafe(ref text, (nuint)(end2 - 16)), Vector128.LoadUnsafe(ref text, (nuint)(end3 - 16))));
        Vector512<byte> inside = Vector256.Create(Vector128.LoadUnsafe(ref window, (nuint)digits0), Vector128.LoadUnsafe(ref window, (nuint)digits1)).ToVector512Unsafe()
            .WithUpper(Vector256.Create(Vector128.LoadUnsafe(ref window, (nuint)digits2), Vector128.LoadUnsafe(ref window, (nuint)digits3)));
        Vector512<byte> decimals = tails - Vector512.Create((byte)'0');
        Vector512<byte> letters = (tails | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a');
        Vector512<byte> isDecimal = Vector512.LessThanOrEqual(decimals, Vector512.Create((byte)9));
        Vector512<byte> isLetter = Vector512.LessThanOrEqual(letters, Vector512.Create((byte)5));
        Vector512<byte> nibbles = Vector512.ConditionalSelect(isDecimal, decimals, letters + Vector512.Create((byte)10)) & inside;
        Vector512<short> pairs = Avx512BW.MultiplyAddAdjacent(nibbles, Vector512.Create((short)0x0110).AsSByte());
        // Each lane's first pair is the most significant byte of its value: reverse the eight.
        Vector512<byte> packed = Avx512BW.PackUnsignedSaturate(pairs, pairs);
        Vector256<byte> reverse = Vector256.Create(Vector128.Create(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, (byte)8));
        values = Avx512BW.Shuffle(packed, Vector512.Create(reverse, reverse)).AsUInt64();
        return ((isDecimal | isLetter) & inside) == inside;
    }

    // Sixteen bytes from offset n mark the last n bytes of a lane: the digits of an id with n of them.
    private static ReadOnlySpan<byte> InsideWindow =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ];

    /// <summary>
    /// Sixteen hex digits (either case) as a word, the first most significant; the bytes outside
    /// <paramref name="inside"/> (all-ones bytes mark the digits) count as zero digits. False when
    /// a byte inside is not a hex digit. One vector classifies and converts every byte; a
    /// multiply-add and a pack (SSSE3), else SWAR steps, join the nibbles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryPackHex(Vector128<byte> text, Vector128<byte> inside, out ulong value)
    {
        Vector128<byte> decimals = text - Vector128.Create((byte)'0');
        // Lowercase as AWS writes ids; uppercase too rather than reject a record over case.
        Vector128<byte> letters = (text | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a');
        Vector128<byte> isDecimal = Vector128.LessThanOrEqual(decimals, Vector128.Create((byte)9));
        Vector128<byte> isLetter = Vector128.LessThanOrEqual(letters, Vector128.Create((byte)5));
        if (((isDecimal | isLetter) & inside) != inside)
        {
            value = 0;
            return false;
        }

        Vector128<byte> nibbles = Vector128.ConditionalSelect(isDecimal, decimals, letters + Vector128.Create((byte)10)) & inside;
        if (Ssse3.IsSupported)
        {
            Vector128<short> pairs = Ssse3.MultiplyAddAdjacent(nibbles, Vector128.Create(16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, (sbyte)1));
            // The first pair is the most significant byte of the value.
            value = BinaryPrimitives.ReverseEndianness(Sse2.PackUnsignedSaturate(pairs, pairs).AsUInt64().ToScalar());
            return true;
        }

        Vector128<ulong> words = nibbles.AsUInt64();
        value = ((ulong)Pack8(words.GetElement(0)) << 32) | Pack8(words.GetElement(1));
        return true;
    }

    // Eight nibbles, one per byte, first byte most significant → 32 bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Pack8(ulong nibbles)
    {
        ulong pairs = ((nibbles & 0x00FF00FF00FF00FFUL) << 4) | ((nibbles >> 8) & 0x00FF00FF00FF00FFUL);
        ulong quads = ((pairs & 0x0000FFFF0000FFFFUL) << 8) | ((pairs >> 16) & 0x0000FFFF0000FFFFUL);
        return (uint)(((quads & 0xFFFFFFFFUL) << 16) | (quads >> 32));
    }
}
