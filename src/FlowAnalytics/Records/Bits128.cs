namespace FlowAnalytics.Records;

/// <summary>
/// A 128-bit value as two 64-bit words: what <see cref="FlowAddress"/> and <see cref="ResourceId"/>
/// are made of. Not <see cref="UInt128"/>: ReadyToRun never precompiles a method that touches
/// UInt128 (its ABI is settled only at run time), so with it every hot method of the reader,
/// attribution and aggregation ran in the JIT before it ran at all.
/// </summary>
public readonly record struct Bits128(ulong High, ulong Low) : IComparable<Bits128>
{
    /// <summary>The value with the top <paramref name="bits"/> bits set (a prefix mask), 0–128.</summary>
    public static Bits128 LeadingOnes(int bits) => bits switch
    {
        // C# takes shift counts mod 64, so the whole-word cases (0, 64, 128) are spelled out.
        <= 0 => default,
        < 64 => new(ulong.MaxValue << (64 - bits), 0),
        64 => new(ulong.MaxValue, 0),
        < 128 => new(ulong.MaxValue, ulong.MaxValue << (128 - bits)),
        _ => new(ulong.MaxValue, ulong.MaxValue),
    };

    /// <summary>Bitwise and.</summary>
    public static Bits128 operator &(Bits128 left, Bits128 right) => new(left.High & right.High, left.Low & right.Low);

    /// <inheritdoc/>
    public int CompareTo(Bits128 other)
    {
        int c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }

    /// <inheritdoc/>
    public override int GetHashCode() => KeyHash.Of(High, Low);
}
