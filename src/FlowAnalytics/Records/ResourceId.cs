using System.Globalization;

namespace FlowAnalytics.Records;

/// <summary>
/// An AWS resource id such as <c>eni-0123456789abcdef0</c>, <c>vpc-0461a061</c> or <c>i-06f9249b</c>,
/// held as its hex value (up to 17 digits: 68 bits) with the digit count in the top byte, so ids
/// compare and hash as one integer and format back to exactly the text they came from.
/// The prefix is implied by the field the id came from and is not stored.
/// </summary>
public readonly record struct ResourceId(UInt128 Packed)
{
    /// <summary>The most hex digits an id may have (current long ids have 17).</summary>
    public const int MaxDigits = 17;

    /// <summary>Builds an id from its hex value and the number of hex digits it was written with.</summary>
    public static ResourceId Create(UInt128 value, int digits) => new(value | ((UInt128)(uint)digits << 120));

    /// <summary>The id's hex value.</summary>
    public UInt128 Value => Packed & ((UInt128.One << 120) - 1);

    /// <summary>How many hex digits the id was written with (leading zeros count).</summary>
    public int Digits => (int)(Packed >> 120);

    /// <summary>Formats with the given prefix, e.g. <c>Format("eni-")</c>.</summary>
    public string Format(string prefix)
    {
        UInt128 value = Value;
        int digits = Digits;
        return string.Create(prefix.Length + digits, (prefix, value, digits), static (chars, state) =>
        {
            state.prefix.AsSpan().CopyTo(chars);
            UInt128 v = state.value;
            for (int i = chars.Length - 1; i >= state.prefix.Length; i--)
            {
                chars[i] = "0123456789abcdef"[(int)(v & 0xF)];
                v >>= 4;
            }
        });
    }

    /// <summary>Parses <c>prefix-hex</c> text; throws on bad input (inventory and tests, not the reader).</summary>
    public static ResourceId Parse(string text, string prefix)
    {
        if (!text.StartsWith(prefix, StringComparison.Ordinal)
            || text.Length - prefix.Length is < 1 or > MaxDigits
            || !UInt128.TryParse(text.AsSpan(prefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out UInt128 value))
        {
            throw new FormatException($"'{text}' is not a {prefix}… id (expected {prefix} followed by 1–{MaxDigits} hex digits).");
        }

        return Create(value, text.Length - prefix.Length);
    }

    /// <inheritdoc/>
    public override int GetHashCode() => KeyHash.Of(Packed);
}
