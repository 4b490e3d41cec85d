using System.Globalization;
using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// An IPv4 or IPv6 CIDR block such as <c>10.0.1.0/24</c> or <c>2600:1f18:4a3b:6c01::/64</c>.
/// The prefix length is the family's own (0–32 for IPv4, 0–128 for IPv6); because
/// <see cref="FlowAddress"/> stores IPv4 IPv4-mapped, an IPv4 block is a 96 + n bit prefix of the
/// 128-bit value, which is why an IPv4 block never contains an IPv6 address and an IPv6 block
/// (even <c>::/0</c>) is never asked about an IPv4 one.
/// </summary>
public readonly record struct CidrBlock
{
    private const int MappedBits = 96;

    private CidrBlock(FlowAddress network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
    }

    /// <summary>The first address of the block (host bits zero).</summary>
    public FlowAddress Network { get; }

    /// <summary>The prefix length in the block's own family: 0–32 for IPv4, 0–128 for IPv6.</summary>
    public int PrefixLength { get; }

    /// <summary>True for an IPv4 block.</summary>
    public bool IsIPv4 => Network.IsIPv4;

    /// <summary>How many leading bits of the 128-bit <see cref="FlowAddress.Value"/> the block fixes.</summary>
    internal int PrefixBits => IsIPv4 ? MappedBits + PrefixLength : PrefixLength;

    /// <summary>The mask of the fixed bits over the 128-bit value.</summary>
    internal Bits128 Mask => Bits128.LeadingOnes(PrefixBits);

    /// <summary>True when <paramref name="address"/> is in the block (never across families).</summary>
    public bool Contains(FlowAddress address) => address.IsIPv4 == IsIPv4 && (address.Value & Mask) == Network.Value;

    /// <summary>Parses <c>address/length</c>; throws <see cref="FormatException"/> on bad input (tests and configuration).</summary>
    public static CidrBlock Parse(string text) =>
        TryParse(text, out CidrBlock block) ? block : throw new FormatException($"'{text}' is not a CIDR block (address/length with no host bits set).");

    /// <summary>
    /// Parses <c>a.b.c.d/n</c> (n 0–32) or <c>ipv6/n</c> (n 0–128). False for other text, for host
    /// bits set after the prefix (AWS never prints them, so they mean a hand-edited typo that
    /// would silently widen the block) and for IPv4-mapped IPv6 blocks (which would alias IPv4).
    /// </summary>
    public static bool TryParse(string text, out CidrBlock block)
    {
        block = default;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }

        string addressText = text[..slash];
        bool ipv6 = addressText.Contains(':', StringComparison.Ordinal);
        FlowAddress network;
        if (!(ipv6 ? AddressText.TryParseIPv6(addressText, out network) : AddressText.TryParseIPv4(addressText, out network)))
        {
            return false;
        }

        ReadOnlySpan<char> lengthText = text.AsSpan(slash + 1);
        if (lengthText.Length is < 1 or > 3
            || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            || length > (ipv6 ? 128 : 32))
        {
            return false;
        }

        var candidate = new CidrBlock(network, length);
        if ((network.Value & candidate.Mask) != network.Value)
        {
            return false;
        }

        block = candidate;
        return true;
    }

    /// <summary>The block as AWS prints it: <c>10.0.1.0/24</c>, <c>2600:1f18::/56</c>.</summary>
    public override string ToString() => $"{Network}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}
