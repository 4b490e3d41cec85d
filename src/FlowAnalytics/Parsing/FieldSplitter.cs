using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    public static int Split(ReadOnlySpan<byte> line, Span<int> bounds) => Split(line, bounds, SplitKernels.Current);

    /// <summary>Same as <see cref="Split(ReadOnlySpan{byte}, Span{int})"/> with a chosen kernel.</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<int> bounds, SplitKernel kernel)
    {
        int limit = bounds.Length & ~1;
        return kernel switch
        {
            SplitKernel.Vector256 when line.Length >= 32 => SplitVector256(line, bounds, limit),
            SplitKernel.Vector128 or SplitKernel.Vector256 when line.Length >= 16 => SplitVector128(line, bounds, limit),
            _ => SplitScalar(line, bounds, limit),
        };
    }

    private static int SplitScalar(ReadOnlySpan<byte> line, Span<int> bounds, int limit)
    {
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

    private static int SplitVector256(ReadOnlySpan<byte> line, Span<int> bounds, int limit)
    {
        ref byte start = ref MemoryMarshal.GetReference(line);
        Vector256<byte> space = Vector256.Create((byte)' ');
        int k = 0;
        uint carry = 0;
        int i = 0;
        for (; i <= line.Length - 32; i += 32)
        {
            uint nonSpace = ~Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), space).ExtractMostSignificantBits();
            uint changes = nonSpace ^ ((nonSpace << 1) | carry);
            carry = nonSpace >> 31;
            if (!Emit(changes, i, bounds, ref k, limit))
            {
                return limit / 2 + 1;
            }
        }

        if (i < line.Length)
        {
            // Overlapping load of the last 32 bytes; shift out the bytes already walked.
            int shift = i - (line.Length - 32);
            uint nonSpace = ~Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(line.Length - 32)), space).ExtractMostSignificantBits() >> shift;
            uint changes = nonSpace ^ ((nonSpace << 1) | carry);
            carry = (nonSpace >> (31 - shift)) & 1;
            if (!Emit(changes, i, bounds, ref k, limit))
            {
                return limit / 2 + 1;
            }
        }

        if ((k & 1) != 0)
        {
            bounds[k++] = line.Length;
        }

        return k / 2;
    }

    private static int SplitVector128(ReadOnlySpan<byte> line, Span<int> bounds, int limit)
    {
        ref byte start = ref MemoryMarshal.GetReference(line);
        Vector128<byte> space = Vector128.Create((byte)' ');
        int k = 0;
        uint carry = 0;
        int i = 0;
        for (; i <= line.Length - 16; i += 16)
        {
            uint nonSpace = ~Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)i), space).ExtractMostSignificantBits() & 0xFFFF;
            uint changes = (nonSpace ^ ((nonSpace << 1) | carry)) & 0xFFFF;
            carry = nonSpace >> 15;
            if (!Emit(changes, i, bounds, ref k, limit))
            {
                return limit / 2 + 1;
            }
        }

        if (i < line.Length)
        {
            int shift = i - (line.Length - 16);
            uint nonSpace = (~Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(line.Length - 16)), space).ExtractMostSignificantBits() & 0xFFFF) >> shift;
            uint changes = (nonSpace ^ ((nonSpace << 1) | carry)) & (0xFFFFu >> shift);
            if (!Emit(changes, i, bounds, ref k, limit))
            {
                return limit / 2 + 1;
            }
        }

        if ((k & 1) != 0)
        {
            bounds[k++] = line.Length;
        }

        return k / 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Emit(uint changes, int offset, Span<int> bounds, ref int k, int limit)
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
