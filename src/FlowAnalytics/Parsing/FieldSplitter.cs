using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Finds the fields of a line: maximal runs of non-space bytes, so runs of spaces and leading or
/// trailing spaces never make empty fields. The vector kernels classify a block of bytes into a
/// non-space bitmask and walk the bits where the mask changes: each change is alternately a field
/// start and a field end.
/// </summary>
public static class FieldSplitter
{
    /// <summary>
    /// Writes field boundaries as pairs (start, end exclusive) into <paramref name="bounds"/> and
    /// returns the number of fields; when the line has more fields than fit, returns
    /// <c>bounds.Length / 2 + 1</c> without writing the extra ones.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, Span<int> bounds) => Split(line, bounds, SplitKernels.Current, out _);

    /// <summary>
    /// Same as <see cref="Split(ReadOnlySpan{byte}, Span{int})"/>, also telling whether the line
    /// has a byte outside ASCII: the split loads every byte anyway, so the reader learns for free
    /// which lines need a UTF-8 check.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, Span<int> bounds, out bool hasNonAscii) =>
        Split(line, bounds, SplitKernels.Current, out hasNonAscii);

    /// <summary>Same as <see cref="Split(ReadOnlySpan{byte}, Span{int}, out bool)"/> with a chosen kernel.</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<int> bounds, SplitKernel kernel, out bool hasNonAscii)
    {
        int limit = bounds.Length & ~1;
        return kernel switch
        {
            SplitKernel.Vector512 when line.Length >= 64 => SplitVector512(line, bounds, limit, out hasNonAscii),
            SplitKernel.Vector256 or SplitKernel.Vector512 when line.Length >= 32 => SplitVector256(line, bounds, limit, out hasNonAscii),
            SplitKernel.Vector128 or SplitKernel.Vector256 or SplitKernel.Vector512 when line.Length >= 16 => SplitVector128(line, bounds, limit, out hasNonAscii),
            _ => SplitScalar(line, bounds, limit, out hasNonAscii),
        };
    }

    /// <summary>
    /// Splits the line that starts <paramref name="text"/>: its bytes up to the first LF, whose
    /// index goes to <paramref name="lineLength"/> (-1 when the text has no LF; nothing is split
    /// then). Same result as finding the LF and calling <see cref="Split(ReadOnlySpan{byte}, Span{int}, out bool)"/>,
    /// but the 64-byte kernel finds the LF in the same pass over the bytes.
    /// </summary>
    public static int SplitLine(ReadOnlySpan<byte> text, Span<int> bounds, out int lineLength, out bool hasNonAscii) =>
        SplitLine(text, bounds, SplitKernels.Current, out lineLength, out hasNonAscii);

    /// <summary>Same as <see cref="SplitLine(ReadOnlySpan{byte}, Span{int}, out int, out bool)"/> with a chosen kernel.</summary>
    public static int SplitLine(ReadOnlySpan<byte> text, Span<int> bounds, SplitKernel kernel, out int lineLength, out bool hasNonAscii)
    {
        if (kernel == SplitKernel.Vector512 && text.Length >= 64)
        {
            return SplitLineVector512(text, bounds, out lineLength, out hasNonAscii);
        }

        lineLength = text.IndexOf((byte)'\n');
        if (lineLength < 0)
        {
            hasNonAscii = false;
            return 0;
        }

        return Split(text[..lineLength], bounds, kernel, out hasNonAscii);
    }

    private static int SplitScalar(ReadOnlySpan<byte> line, Span<int> bounds, int limit, out bool hasNonAscii)
    {
        hasNonAscii = !Ascii.IsValid(line);
        int k = 0;
        bool inField = false;
        for (int i = 0; i < line.Length; i++)
        {
            bool nonSpace = line[i] != (byte)' ';
            if (nonSpace != inField)
            {
                if (k == limit)
                {
                    return limit / 2 + 1;
                }

                bounds[k++] = i;
                inField = nonSpace;
            }
        }

        if (inField)
        {
            bounds[k++] = line.Length;
        }

        return k / 2;
    }

    /// <summary>
    /// 64 bytes at a time. A byte starts or ends a field where its space-ness differs from the byte
    /// before it (a second load one byte earlier), and AVX-512 compress packs the indexes of those
    /// bytes together: the boundaries come out 16 at a time, with no loop over bits, whose exit
    /// mispredicted once per block. Needs room for 64 more bounds; near the end it walks the bits.
    /// </summary>
    private static int SplitVector512(ReadOnlySpan<byte> line, Span<int> bounds, int limit, out bool hasNonAscii)
    {
        ref byte start = ref MemoryMarshal.GetReference(line);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        Vector512<byte> space = Vector512.Create((byte)' ');
        Vector512<byte> indexes = Vector512<byte>.Indices;
        Vector512<byte> seen = Vector512<byte>.Zero;
        int length = line.Length;
        int k = 0;
        for (int i = 0; i < length; i += 64)
        {
            // The last block is the line's last 64 bytes, overlapping the one before; bytes
            // already walked are masked out.
            int at = Math.Min(i, length - 64);
            Vector512<byte> block = Vector512.LoadUnsafe(ref start, (nuint)at);
            Vector512<byte> before = BytesBefore(ref start, at, block);
            seen |= block;
            Vector512<byte> changes = Vector512.Equals(block, space) ^ Vector512.Equals(before, space);
            if (at != i)
            {
                changes &= Vector512.GreaterThanOrEqual(indexes, Vector512.Create((byte)(i - at)));
            }

            ulong bits = changes.ExtractMostSignificantBits();
            int count = BitOperations.PopCount(bits);
            if (k + count > limit || bounds.Length - k < 64)
            {
                // Near the end of the room: bit by bit, filling what fits as the other kernels do.
                if (!Emit(bits, at, bounds, ref k, limit))
                {
                    return TooMany(line, limit, out hasNonAscii);
                }

                continue;
            }

            StoreBoundaries(changes, at, count, ref Unsafe.Add(ref firstBound, k));
            k += count;
        }

        hasNonAscii = seen.ExtractMostSignificantBits() != 0;
        if ((k & 1) != 0)
        {
            bounds[k++] = length;
        }

        return k / 2;
    }

    /// <summary>
    /// <see cref="SplitVector512"/> over text that runs past the line: each block also looks for
    /// the LF, and only the bytes before it count. Framing this way saves a separate IndexOf pass
    /// (and its call) per line.
    /// </summary>
    private static int SplitLineVector512(ReadOnlySpan<byte> text, Span<int> bounds, out int lineLength, out bool hasNonAscii)
    {
        ref byte start = ref MemoryMarshal.GetReference(text);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        Vector512<byte> space = Vector512.Create((byte)' ');
        Vector512<byte> indexes = Vector512<byte>.Indices;
        int length = text.Length;
        int limit = bounds.Length & ~1;
        ulong nonAscii = 0;
        int k = 0;
        for (int i = 0; i < length; i += 64)
        {
            int at = Math.Min(i, length - 64);
            int walked = i - at;
            Vector512<byte> block = Vector512.LoadUnsafe(ref start, (nuint)at);
            ulong newlines = Vector512.Equals(block, Vector512.Create((byte)'\n')).ExtractMostSignificantBits() >> walked << walked;
            int end = newlines == 0 ? 64 : BitOperations.TrailingZeroCount(newlines);
            Vector512<byte> before = BytesBefore(ref start, at, block);
            Vector512<byte> changes = (Vector512.Equals(block, space) ^ Vector512.Equals(before, space))
                & Vector512.GreaterThanOrEqual(indexes, Vector512.Create((byte)walked))
                & Vector512.LessThan(indexes, Vector512.Create((byte)end));
            ulong inLine = (ulong.MaxValue << walked) & (end == 64 ? ulong.MaxValue : (1UL << end) - 1);
            nonAscii |= block.ExtractMostSignificantBits() & inLine;
            ulong bits = changes.ExtractMostSignificantBits();
            int count = BitOperations.PopCount(bits);
            if (k + count > limit || bounds.Length - k < 64)
            {
                if (!Emit(bits, at, bounds, ref k, limit))
                {
                    // More fields than fit: the count says so; the LF and the UTF-8 question remain.
                    int newline = newlines != 0 ? at + end : text[(at + 64)..].IndexOf((byte)'\n');
                    lineLength = newline < 0 || newlines != 0 ? newline : newline + at + 64;
                    hasNonAscii = lineLength >= 0 && !Ascii.IsValid(text[..lineLength]);
                    return limit / 2 + 1;
                }
            }
            else
            {
                StoreBoundaries(changes, at, count, ref Unsafe.Add(ref firstBound, k));
                k += count;
            }

            if (newlines != 0)
            {
                lineLength = at + end;
                hasNonAscii = nonAscii != 0;
                if ((k & 1) != 0)
                {
                    bounds[k++] = lineLength;
                }

                return k / 2;
            }
        }

        lineLength = -1;
        hasNonAscii = false;
        return 0;
    }

    /// <summary>The 64 bytes one before the block at <paramref name="at"/>; before the line's first byte, a space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<byte> BytesBefore(ref byte start, int at, Vector512<byte> block) => at == 0
        ? Vector512.ConditionalSelect(FirstByte, Vector512.Create((byte)' '), Avx512Vbmi.PermuteVar64x8(block, Vector512<byte>.Indices - Vector512<byte>.One))
        : Vector512.LoadUnsafe(ref start, (nuint)(at - 1));

    /// <summary>
    /// Packs the indexes of a block's <paramref name="changes"/> (<paramref name="count"/> of them)
    /// and stores them plus <paramref name="at"/> from <paramref name="next"/> on: 32 always, 64
    /// when more than 32, so the caller leaves room for 64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreBoundaries(Vector512<byte> changes, int at, int count, ref int next)
    {
        Vector512<byte> packed = Avx512Vbmi2.Compress(Vector512<byte>.Zero, changes, Vector512<byte>.Indices);
        Vector512<int> offset = Vector512.Create(at);
        // Two stores always: a branch on 16 would mispredict on lines with 14-ish fields a block.
        (Avx512F.ConvertToVector512Int32(packed.GetLower().GetLower()) + offset).StoreUnsafe(ref next);
        (Avx512F.ConvertToVector512Int32(packed.GetLower().GetUpper()) + offset).StoreUnsafe(ref next, 16);
        if (count > 32)
        {
            (Avx512F.ConvertToVector512Int32(packed.GetUpper().GetLower()) + offset).StoreUnsafe(ref next, 32);
            (Avx512F.ConvertToVector512Int32(packed.GetUpper().GetUpper()) + offset).StoreUnsafe(ref next, 48);
        }
    }

    // Byte 0 of a block: the byte before the line counts as a space.
    private static readonly Vector512<byte> FirstByte = Vector512.Create((byte)0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static int SplitVector256(ReadOnlySpan<byte> line, Span<int> bounds, int limit, out bool hasNonAscii)
    {
        ref byte start = ref MemoryMarshal.GetReference(line);
        Vector256<byte> space = Vector256.Create((byte)' ');
        Vector256<byte> seen = Vector256<byte>.Zero;
        int k = 0;
        uint carry = 0;
        int i = 0;
        for (; i <= line.Length - 32; i += 32)
        {
            Vector256<byte> block = Vector256.LoadUnsafe(ref start, (nuint)i);
            seen |= block;
            uint nonSpace = ~Vector256.Equals(block, space).ExtractMostSignificantBits();
            uint changes = nonSpace ^ ((nonSpace << 1) | carry);
            carry = nonSpace >> 31;
            if (!Emit(changes, i, bounds, ref k, limit))
            {
                return TooMany(line, limit, out hasNonAscii);
            }
        }

        if (i < line.Length)
        {
            // Overlapping load of the last 32 bytes; shift out the bytes already walked.
            int shift = i - (line.Length - 32);
            Vector256<byte> block = Vector256.LoadUnsafe(ref start, (nuint)(line.Length - 32));
            seen |= block;
            uint nonSpace = ~Vector256.Equals(block, space).ExtractMostSignificantBits() >> shift;
            uint changes = nonSpace ^ ((nonSpace << 1) | carry);
            carry = (nonSpace >> (31 - shift)) & 1;
            if (!Emit(changes, i, bounds, ref k, limit))
            {
                return TooMany(line, limit, out hasNonAscii);
            }
        }

        hasNonAscii = seen.ExtractMostSignificantBits() != 0;

        if ((k & 1) != 0)
        {
            bounds[k++] = line.Length;
        }

        return k / 2;
    }

    private static int SplitVector128(ReadOnlySpan<byte> line, Span<int> bounds, int limit, out bool hasNonAscii)
    {
        ref byte start = ref MemoryMarshal.GetReference(line);
        Vector128<byte> space = Vector128.Create((byte)' ');
        Vector128<byte> seen = Vector128<byte>.Zero;
        int k = 0;
        uint carry = 0;
        int i = 0;
        for (; i <= line.Length - 16; i += 16)
        {
            Vector128<byte> block = Vector128.LoadUnsafe(ref start, (nuint)i);
            seen |= block;
            uint nonSpace = ~Vector128.Equals(block, space).ExtractMostSignificantBits() & 0xFFFF;
            uint changes = (nonSpace ^ ((nonSpace << 1) | carry)) & 0xFFFF;
            carry = nonSpace >> 15;
            if (!Emit(changes, i, bounds, ref k, limit))
            {
                return TooMany(line, limit, out hasNonAscii);
            }
        }

        if (i < line.Length)
        {
            int shift = i - (line.Length - 16);
            Vector128<byte> block = Vector128.LoadUnsafe(ref start, (nuint)(line.Length - 16));
            seen |= block;
            uint nonSpace = (~Vector128.Equals(block, space).ExtractMostSignificantBits() & 0xFFFF) >> shift;
            uint changes = (nonSpace ^ ((nonSpace << 1) | carry)) & (0xFFFFu >> shift);
            if (!Emit(changes, i, bounds, ref k, limit))
            {
                return TooMany(line, limit, out hasNonAscii);
            }
        }

        hasNonAscii = seen.ExtractMostSignificantBits() != 0;

        if ((k & 1) != 0)
        {
            bounds[k++] = line.Length;
        }

        return k / 2;
    }

    /// <summary>The count for a line with more fields than fit; the split stopped early, so the rest is checked here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int TooMany(ReadOnlySpan<byte> line, int limit, out bool hasNonAscii)
    {
        hasNonAscii = !Ascii.IsValid(line);
        return limit / 2 + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Emit(ulong changes, int offset, Span<int> bounds, ref int k, int limit)
    {
        // k < limit <= bounds.Length is checked before every store, so the stores skip bounds checks.
        ref int first = ref MemoryMarshal.GetReference(bounds);
        while (changes != 0)
        {
            if (k == limit)
            {
                return false;
            }

            Unsafe.Add(ref first, k++) = offset + BitOperations.TrailingZeroCount(changes);
            changes &= changes - 1;
        }

        return true;
    }
}
