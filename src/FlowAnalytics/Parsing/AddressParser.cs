using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>Parses IPv4 dotted quads and IPv6 text (compressed <c>::</c> and an IPv4 tail) without allocating.</summary>
internal static class AddressParser
{
    /// <summary>Parses the whole span as an address; false when it is not one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, out FlowAddress address)
    {
        if (TryParseIPv4(text, out uint v4))
        {
            address = FlowAddress.FromIPv4(v4);
            return true;
        }

        return TryParseIPv6(text, out address);
    }

    /// <summary>
    /// Parses <c>line[start..end]</c> as a dotted quad: through the vector parser when the CPU has
    /// it and 16 bytes of the line are readable from <paramref name="start"/>, else the byte loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseIPv4(ReadOnlySpan<byte> line, int start, int end, out uint address) =>
        VectorIPv4Parser.IsSupported && line.Length - start >= 16
            ? VectorIPv4Parser.TryParse(line, start, end, out address)
            : TryParseIPv4(line[start..end], out address);

    /// <summary>Parses exactly four decimal octets (0–255, one to three digits each) separated by dots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseIPv4(ReadOnlySpan<byte> text, out uint address)
    {
        address = 0;
        if ((uint)(text.Length - 7) > 8)
        {
            return false;
        }

        // Unrolled per octet: at most 15 bytes, and every index is checked against the length
        // before it is read, so the loads need no bounds checks.
        ref byte p = ref MemoryMarshal.GetReference(text);
        int length = text.Length;
        int i = 0;
        uint result = 0;
        for (int octet = 0; octet < 4; octet++)
        {
            uint value = (uint)Unsafe.Add(ref p, i) - '0';
            if (value > 9)
            {
                return false;
            }

            i++;
            if (i < length && (uint)Unsafe.Add(ref p, i) - '0' is uint d1 && d1 <= 9)
            {
                value = value * 10 + d1;
                i++;
                if (i < length && (uint)Unsafe.Add(ref p, i) - '0' is uint d2 && d2 <= 9)
                {
                    value = value * 10 + d2;
                    i++;
                }
            }

            if (value > 255)
            {
                return false;
            }

            result = (result << 8) | value;
            if (octet < 3)
            {
                if (i >= length || Unsafe.Add(ref p, i) != (byte)'.')
                {
                    return false;
                }

                i++;
                if (i >= length)
                {
                    return false;
                }
            }
        }

        address = result;
        return i == length;
    }

    /// <summary>
    /// Parses <c>line[start..end]</c> as IPv6: eight full groups through the vector parser when the
    /// CPU has it and the line holds the bytes it reads, anything else through the byte loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseIPv6(ReadOnlySpan<byte> line, int start, int end, out FlowAddress address) =>
        (VectorIPv6Parser.IsSupported && start >= 3 && line.Length - start >= VectorIPv6Parser.ReadLength
            && VectorIPv6Parser.TryParseEightGroups(line, start, end, out address))
        || TryParseIPv6(line[start..end], out address);

    /// <summary>Parses IPv6 text, compressed or with an IPv4 tail; false when it is not one.</summary>
    public static bool TryParseIPv6(ReadOnlySpan<byte> text, out FlowAddress address)
    {
        address = default;
        Span<ushort> groups = stackalloc ushort[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (text.Length < 2 || text.Length > 45)
        {
            return false;
        }

        if (text[0] == (byte)':')
        {
            if (text[1] != (byte)':')
            {
                return false;
            }

            gap = 0;
            i = 2;
        }

        while (i < text.Length)
        {
            int start = i;
            uint value = 0;
            while (i < text.Length && i - start < 5)
            {
                int h = HexValue(text[i]);
                if (h < 0)
                {
                    break;
                }

                value = (value << 4) | (uint)h;
                i++;
            }

            if (i < text.Length && text[i] == (byte)'.')
            {
                // An embedded IPv4 address ends the text and fills the last two groups.
                if (count > 6 || !TryParseIPv4(text[start..], out uint v4))
                {
                    return false;
                }

                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                i = text.Length;
                break;
            }

            if (i == start || i - start > 4 || count == 8)
            {
                return false;
            }

            groups[count++] = (ushort)value;
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != (byte)':')
            {
                return false;
            }

            i++;
            if (i < text.Length && text[i] == (byte)':')
            {
                if (gap >= 0)
                {
                    return false;
                }

                gap = count;
                i++;
            }
            else if (i == text.Length)
            {
                return false;
            }
        }

        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        ulong high = 0;
        ulong low = 0;
        int zeros = 8 - count;
        for (int g = 0, src = 0; g < 8; g++)
        {
            ushort group = gap >= 0 && g >= gap && g < gap + zeros ? (ushort)0 : groups[src++];
            high = (high << 16) | (low >> 48);
            low = (low << 16) | group;
        }

        address = FlowAddress.FromIPv6(high, low);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(byte b)
    {
        uint d = (uint)b - '0';
        if (d <= 9)
        {
            return (int)d;
        }

        uint l = ((uint)b | 0x20) - 'a';
        return l <= 5 ? (int)l + 10 : -1;
    }
}
