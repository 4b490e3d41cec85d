using System.Globalization;
using System.Runtime.CompilerServices;

namespace FlowAnalytics.Records;

/// <summary>
/// An AWS resource id such as <c>eni-0123456789abcdef0</c>, <c>vpc-0461a061</c> or <c>i-06f9249b</c>,
/// held as its hex value (up to 17 digits: 68 bits) with the digit count in the top byte, so ids
/// compare and hash as one integer and format back to exactly the text they came from.
/// The prefix is implied by the field the id came from and is not stored.
/// </summary>
public readonly record struct ResourceId(Bits128 Packed) : IComparable<ResourceId>
{
    /// <summary>The most hex digits an id may have (current long ids have 17).</summary>
    public const int MaxDigits = 17;

    private const int DigitsShift = 56;
    private const ulong ValueMaskHigh = (1UL << DigitsShift) - 1;

    /// <summary>Builds an id from its hex value and the number of hex digits it was written with.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ResourceId Create(Bits128 value, int digits) =>
        new(new Bits128((value.High & ValueMaskHigh) | ((ulong)(uint)digits << DigitsShift), value.Low));

    /// <summary>The id's hex value.</summary>
    public Bits128 Value => new(Packed.High & ValueMaskHigh, Packed.Low);

    /// <summary>How many hex digits the id was written with (leading zeros count).</summary>
    public int Digits => (int)(Packed.High >> DigitsShift);

    /// <summary>Formats with the given prefix, e.g. <c>Format("eni-")</c>.</summary>
    public string Format(string prefix) =>
        string.Create(prefix.Length + Digits, (prefix, Value), static (chars, state) =>
        {
            state.prefix.AsSpan().CopyTo(chars);
            ulong high = state.Value.High;
            ulong low = state.Value.Low;
            for (int i = chars.Length - 1; i >= state.prefix.Length; i--)
            {
                chars[i] = "0123456789abcdef"[(int)(low & 0xF)];
                low = (low >> 4) | (high << 60);
                high >>= 4;
            }
        });

    /// <summary>Parses <c>prefix-hex</c> text; throws on bad input (inventory and tests, not the reader).</summary>
    public static ResourceId Parse(string text, string prefix)
    {
        if (!text.StartsWith(prefix, StringComparison.Ordinal)
            || text.Length - prefix.Length is < 1 or > MaxDigits
            || !TryParseHex(text.AsSpan(prefix.Length), out Bits128 value))
        {
            throw new FormatException($"'{text}' is not a {prefix}… id (expected {prefix} followed by 1–{MaxDigits} hex digits).");
        }

        return Create(value, text.Length - prefix.Length);
    }

    /// <summary>Orders by digit count, then value: the order the packed integer gives.</summary>
    public int CompareTo(ResourceId other) => Packed.CompareTo(other.Packed);

    /// <inheritdoc/>
    public override int GetHashCode() => Packed.GetHashCode();

    // The digits beyond the last 16 (at most one) go to the high word, as in the reader's parser.
    private static bool TryParseHex(ReadOnlySpan<char> hex, out Bits128 value)
    {
        int split = Math.Max(0, hex.Length - 16);
        ulong high = 0;
        bool valid = (split == 0 || ulong.TryParse(hex[..split], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out high))
            & ulong.TryParse(hex[split..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong low);
        value = new Bits128(high, low);
        return valid;
    }
}
