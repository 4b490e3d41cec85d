using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// Strict, family-checked address parsing for inventory fields. It uses the flow-log reader's own
/// <see cref="AddressParser"/> so an address in the inventory and the same address in a record
/// become the same <see cref="FlowAddress"/> (IPv4-mapped IPv6 text folds to IPv4 in both).
/// </summary>
internal static class AddressText
{
    /// <summary>Longest IPv6 text with an IPv4 tail; anything longer is not an address.</summary>
    private const int MaxLength = 45;

    /// <summary>Parses a dotted quad (exactly four octets); false for anything else.</summary>
    public static bool TryParseIPv4(string text, out FlowAddress address)
    {
        address = default;
        Span<byte> bytes = stackalloc byte[MaxLength];
        if (!TryAscii(text, bytes, out int length) || !AddressParser.TryParseIPv4(bytes[..length], out uint value))
        {
            return false;
        }

        address = FlowAddress.FromIPv4(value);
        return true;
    }

    /// <summary>
    /// Parses IPv6 text; false for IPv4 text and for IPv4-mapped IPv6 (<c>::ffff:a.b.c.d</c>), which
    /// <see cref="FlowAddress"/> treats as IPv4 and so cannot stand for an IPv6 field's value.
    /// </summary>
    public static bool TryParseIPv6(string text, out FlowAddress address)
    {
        address = default;
        Span<byte> bytes = stackalloc byte[MaxLength];
        if (!text.Contains(':', StringComparison.Ordinal)
            || !TryAscii(text, bytes, out int length)
            || !AddressParser.TryParse(bytes[..length], out FlowAddress parsed)
            || parsed.IsIPv4)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    private static bool TryAscii(string text, Span<byte> bytes, out int length)
    {
        length = text.Length;
        if (text.Length > bytes.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c > 0x7F)
            {
                return false;
            }

            bytes[i] = (byte)c;
        }

        return true;
    }
}
