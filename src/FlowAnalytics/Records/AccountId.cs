namespace FlowAnalytics.Records;

/// <summary>
/// An AWS account id: its digits (up to 12; leading zeros kept by remembering the digit count) or
/// <c>unknown</c>, which flow logs print for some traffic. Packed in one <see cref="ulong"/>.
/// </summary>
public readonly record struct AccountId(ulong Packed)
{
    /// <summary>The most digits an account id has.</summary>
    public const int MaxDigits = 12;

    /// <summary>The account id flow logs write as <c>unknown</c>.</summary>
    public static AccountId Unknown { get; } = new(ulong.MaxValue);

    /// <summary>Builds an id from its numeric value and the number of digits it was written with.</summary>
    public static AccountId Create(ulong value, int digits) => new(value | ((ulong)digits << 56));

    /// <summary>True for the <c>unknown</c> account.</summary>
    public bool IsUnknown => Packed == ulong.MaxValue;

    /// <summary>The id as text: its digits with their leading zeros, or <c>unknown</c>.</summary>
    public override string ToString()
    {
        if (IsUnknown)
        {
            return "unknown";
        }

        int digits = (int)(Packed >> 56);
        ulong value = Packed & ((1UL << 56) - 1);
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }
}
