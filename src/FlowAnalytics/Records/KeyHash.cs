using System.Runtime.CompilerServices;

namespace FlowAnalytics.Records;

/// <summary>
/// Cheap, well-spread hash codes for the aggregation's map keys. <see cref="HashCode.Combine{T1, T2}"/>
/// (what generated record-struct hashes use) runs several xxHash rounds
/// per field; a key changes on nearly every record of an interleaved object, so its hash is on
/// the per-record path. One multiply-xorshift per word spreads every input bit into the high bits
/// the result is taken from.
/// </summary>
internal static class KeyHash
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>A hash of two 64-bit words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ulong a, ulong b)
    {
        ulong h = (a * Multiplier) ^ b;
        h *= Multiplier;
        return (int)(h >> 32) ^ (int)h;
    }
}
