using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Parses a dotted quad with one 16-byte load and no branch per digit (after Lemire and Muła,
/// "Parsing IP addresses crazily fast", 2023). The positions of the three dots and of the end
/// form a key; a multiplicative hash of the key picks one of the 81 valid octet-length patterns,
/// whose shuffle puts each octet's digits in place for two multiply-adds. Octet lengths vary from
/// record to record, so the byte loop's branches mispredicted on most addresses.
/// </summary>
internal static class VectorIPv4Parser
{
    /// <summary>Maps the 81 keys to distinct slots of 256 with <c>(key * multiplier) &gt;&gt; 24</c> (found by search; the table build checks it).</summary>
    private const uint KeyHashMultiplier = 0x2B35BDBB;

    private static readonly ushort[] SlotKeys = new ushort[256];
    private static readonly Vector128<byte>[] SlotShuffles = BuildShuffles(SlotKeys);

    /// <summary>True when this CPU runs the vector path; otherwise callers get the byte loop.</summary>
    public static bool IsSupported => Ssse3.IsSupported;

    /// <summary>
    /// Parses <c>line[start..end]</c> as exactly four decimal octets (0–255, one to three digits)
    /// separated by dots. Needs 16 readable bytes from <paramref name="start"/> inside the line;
    /// the caller falls back to the byte loop when they are not there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> line, int start, int end, out uint address)
    {
        address = 0;
        int length = end - start;
        if ((uint)(length - 7) > 8)
        {
            return false;
        }

        Vector128<byte> text = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(line), (nuint)start);
        uint inside = (1u << length) - 1;
        uint dots = Vector128.Equals(text, Vector128.Create((byte)'.')).ExtractMostSignificantBits() & inside;
        Vector128<byte> digits = text - Vector128.Create((byte)'0');
        uint digitBytes = Vector128.LessThanOrEqual(digits, Vector128.Create((byte)9)).ExtractMostSignificantBits() & inside;
        uint key = dots | (1u << length);
        uint slot = (key * KeyHashMultiplier) >> 24;
        if ((Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(SlotKeys), slot) != key) | (digitBytes != (inside & ~dots)))
        {
            return false;
        }

        // Per octet four bytes (hundreds, tens, ones, 0); absent digits shuffle in as 0.
        Vector128<byte> placed = Ssse3.Shuffle(digits, Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(SlotShuffles), slot));
        Vector128<short> pairs = Ssse3.MultiplyAddAdjacent(placed, Vector128.Create(100, 10, 1, 0, 100, 10, 1, 0, 100, 10, 1, 0, 100, 10, 1, (sbyte)0));
        Vector128<int> octets = Sse2.MultiplyAddAdjacent(pairs, Vector128<short>.One);
        if (Vector128.GreaterThanAny(octets, Vector128.Create(255)))
        {
            return false;
        }

        // Octet 0 is the most significant byte of the result.
        address = Ssse3.Shuffle(octets.AsByte(), Vector128.Create((byte)12, 8, 4, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80))
            .AsUInt32().ToScalar();
        return true;
    }

    private static Vector128<byte>[] BuildShuffles(ushort[] keys)
    {
        var shuffles = new Vector128<byte>[256];
        Span<byte> shuffle = stackalloc byte[16];
        Span<int> lengths = stackalloc int[4];
        for (int pattern = 0; pattern < 81; pattern++)
        {
            for (int octet = 0, rest = pattern; octet < 4; octet++, rest /= 3)
            {
                lengths[octet] = 1 + (rest % 3);
            }

            shuffle.Fill(0x80);
            uint key = 0;
            int octetStart = 0;
            for (int octet = 0; octet < 4; octet++)
            {
                int ones = octetStart + lengths[octet] - 1;
                for (int digit = 0; digit < lengths[octet]; digit++)
                {
                    shuffle[(4 * octet) + 2 - digit] = (byte)(ones - digit);
                }

                octetStart += lengths[octet];
                key |= 1u << octetStart;
                octetStart++;
            }

            uint slot = (key * KeyHashMultiplier) >> 24;
            if (keys[slot] != 0)
            {
                throw new InvalidOperationException("The IPv4 key hash maps two octet-length patterns to one slot.");
            }

            keys[slot] = (ushort)key;
            shuffles[slot] = Vector128.Create((ReadOnlySpan<byte>)shuffle);
        }

        return shuffles;
    }
}
