using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Parses the IPv6 form flow logs mostly hold, eight groups of one to four hex digits with no
/// <c>::</c> and no IPv4 tail, from three 16-byte loads: one pass classifies every byte as hex
/// digit or colon, then each group's digits are packed from one 4-byte load. Any other text is left
/// to <see cref="AddressParser.TryParseIPv6(ReadOnlySpan{byte}, out FlowAddress)"/>, which decides; the byte loop cost about 35 ns per
/// address, and IPv6 records carry two.
/// </summary>
internal static class VectorIPv6Parser
{
    /// <summary>Bytes the parser reads from the start of the text (so the line must hold them).</summary>
    public const int ReadLength = 48;

    /// <summary>True when this CPU runs the vector path.</summary>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <summary>
    /// Parses <c>line[start..end]</c> when it is eight full groups; false for any other text (which
    /// may still be an address). Needs <see cref="ReadLength"/> bytes of the line from
    /// <paramref name="start"/> and 3 before it.
    /// </summary>
    public static bool TryParseEightGroups(ReadOnlySpan<byte> line, int start, int end, out FlowAddress address)
    {
        address = default;
        int length = end - start;
        if ((uint)(length - 15) > 39 - 15)
        {
            return false;
        }

        ref byte text = ref Unsafe.Add(ref MemoryMarshal.GetReference(line), start);
        ulong inside = (1UL << length) - 1;
        ulong colons = 0;
        ulong hex = 0;
        for (int block = 0; block < 3; block++)
        {
            Vector128<byte> bytes = Vector128.LoadUnsafe(ref text, (nuint)(16 * block));
            Vector128<byte> digits = Vector128.LessThanOrEqual(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
            Vector128<byte> letters = Vector128.LessThanOrEqual((bytes | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)5));
            colons |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)':')).ExtractMostSignificantBits() << (16 * block);
            hex |= (ulong)(digits | letters).ExtractMostSignificantBits() << (16 * block);
        }

        colons &= inside;
        // Only hex digits and seven lone colons, neither first nor last: every group has a digit.
        if ((hex & inside) != (inside & ~colons) || BitOperations.PopCount(colons) != 7
            || (colons & ((colons >> 1) | 1 | (1UL << (length - 1)))) != 0)
        {
            return false;
        }

        ulong high = 0;
        ulong low = 0;
        int groupStart = 0;
        for (int group = 0; group < 8; group++)
        {
            int groupEnd = group < 7 ? BitOperations.TrailingZeroCount(colons) : length;
            colons &= colons - 1;
            int digitCount = groupEnd - groupStart;
            if (digitCount > 4)
            {
                return false;
            }

            // The four bytes that end the group, first byte lowest; bytes before the group masked off.
            uint word = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref text, groupEnd - 4));
            uint nibbles = ((word & 0x0F0F0F0Fu) + (9 * ((word >> 6) & 0x01010101u))) & (uint.MaxValue << (8 * (4 - digitCount)));
            uint pairs = ((nibbles & 0x000F000Fu) << 4) | ((nibbles >> 8) & 0x000F000Fu);
            ulong value = ((pairs & 0xFFu) << 8) | (pairs >> 16);
            if (group < 4)
            {
                high = (high << 16) | value;
            }
            else
            {
                low = (low << 16) | value;
            }

            groupStart = groupEnd + 1;
        }

        address = FlowAddress.FromIPv6(high, low);
        return true;
    }
}
