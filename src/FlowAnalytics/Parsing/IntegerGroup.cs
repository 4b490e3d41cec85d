using System.Runtime.Intrinsics;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Four integer columns of a layout that <see cref="IntegerParser.TryParseFour"/> types in one go,
/// with what the parser needs of each worked out once per layout: where its bounds are, the batch
/// column it goes to, its maximum, and the presence bits of all four. A layout whose integer
/// count is not a multiple of four repeats its last column to fill the last group: typing a
/// field twice writes the same cell twice, which costs less than a loop for the rest.
/// </summary>
internal readonly struct IntegerGroup
{
    public IntegerGroup(ReadOnlySpan<FlowColumn> columns, ReadOnlySpan<int> four)
    {
        Span<ulong> maxima = stackalloc ulong[8];
        for (int k = 0; k < 4; k++)
        {
            maxima[2 * k] = maxima[(2 * k) + 1] = (ulong)columns[four[k]].MaxValue;
            Presence |= columns[four[k]].PresenceBit;
        }

        Maxima = Vector512.Create((ReadOnlySpan<ulong>)maxima);
        (Bound0, Bound1, Bound2, Bound3) = (2 * four[0], 2 * four[1], 2 * four[2], 2 * four[3]);
        (Slot0, Slot1, Slot2, Slot3) = (columns[four[0]].Slot, columns[four[1]].Slot, columns[four[2]].Slot, columns[four[3]].Slot);
    }

    /// <summary>Each column's maximum in elements 2k and 2k + 1, as <see cref="IntegerParser.TryParseFour"/> takes them.</summary>
    public Vector512<ulong> Maxima { get; }

    /// <summary>The presence bits of the four fields.</summary>
    public ulong Presence { get; }

    /// <summary>Index of column k's start in the plan's bounds (its end follows it).</summary>
    public int Bound0 { get; }

    /// <inheritdoc cref="Bound0"/>
    public int Bound1 { get; }

    /// <inheritdoc cref="Bound0"/>
    public int Bound2 { get; }

    /// <inheritdoc cref="Bound0"/>
    public int Bound3 { get; }

    /// <summary>Column k's integer slot in the batch.</summary>
    public int Slot0 { get; }

    /// <inheritdoc cref="Slot0"/>
    public int Slot1 { get; }

    /// <inheritdoc cref="Slot0"/>
    public int Slot2 { get; }

    /// <inheritdoc cref="Slot0"/>
    public int Slot3 { get; }

    /// <summary>
    /// The groups for <paramref name="integers"/> (column indexes in line order): none when there
    /// are none, the last padded with the last column.
    /// </summary>
    public static IntegerGroup[] For(ReadOnlySpan<FlowColumn> columns, ReadOnlySpan<int> integers)
    {
        var groups = new IntegerGroup[(integers.Length + 3) / 4];
        Span<int> four = stackalloc int[4];
        for (int g = 0; g < groups.Length; g++)
        {
            for (int k = 0; k < 4; k++)
            {
                four[k] = integers[Math.Min((4 * g) + k, integers.Length - 1)];
            }

            groups[g] = new IntegerGroup(columns, four);
        }

        return groups;
    }
}
