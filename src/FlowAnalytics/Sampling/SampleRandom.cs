using System.Numerics;
using System.Runtime.CompilerServices;

namespace FlowAnalytics.Sampling;

/// <summary>
/// The generator's pseudo-random source: xoshiro256** seeded through SplitMix64. Ours rather than
/// <see cref="Random"/> so the sequence for a seed is fixed by this file, not by a runtime version,
/// and so that independent streams (one per output file) can be derived from one seed.
/// </summary>
internal sealed class SampleRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates the stream for <paramref name="seed"/>; <paramref name="stream"/> selects an independent one.</summary>
    public SampleRandom(long seed, ulong stream = 0)
    {
        ulong state = (ulong)seed ^ (stream * 0xD1B5_4A32_D192_ED03UL);
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A value in [0, <paramref name="maxExclusive"/>); the multiply-high bias is below 2⁻³² and irrelevant here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int maxExclusive) => (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);

    /// <summary>A value in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>A value in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>
    /// A Pareto variate ≥ <paramref name="minimum"/> with tail index <paramref name="alpha"/>, capped at
    /// <paramref name="cap"/>: most values sit near the minimum, a few are orders of magnitude larger,
    /// which is how flow sizes are distributed.
    /// </summary>
    public double Pareto(double minimum, double alpha, double cap)
    {
        double u = 1.0 - NextDouble(); // (0, 1]: never divides by zero
        double value = minimum / Math.Pow(u, 1.0 / alpha);
        return value < cap ? value : cap;
    }

    /// <summary>The next 64 bits of the seeding sequence (SplitMix64), also used to spread seeds.</summary>
    public static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
