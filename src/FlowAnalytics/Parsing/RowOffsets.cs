using System.Runtime.CompilerServices;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Where each line of a run starts in the run's field boundaries. A run's lines all have the
/// layout's field count, and the chunk split stores their boundaries one line after the other,
/// so line r's start at r × stride: a multiply where a table of starts cost a load per cell.
/// </summary>
internal readonly struct RowOffsets(int rows, int stride)
{
    /// <summary>Lines in the run.</summary>
    public int Length => rows;

    /// <summary>The index of line <paramref name="row"/>'s first boundary.</summary>
    public int this[int row]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => row * stride;
    }
}
