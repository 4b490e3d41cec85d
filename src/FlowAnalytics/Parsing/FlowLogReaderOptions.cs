using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>How a <see cref="FlowLogReader"/> reads an input.</summary>
public sealed record FlowLogReaderOptions
{
    /// <summary>The longest line accepted (64 KiB): longer lines are rejected, never buffered without limit.</summary>
    public const int DefaultMaxLineLength = 64 * 1024;

    /// <summary>The layout of lines before any header line: <c>--format</c>, else the 14-field default.</summary>
    public FlowLayout Layout { get; init; } = FlowLayout.Default;

    /// <summary>The longest line accepted, in bytes, without its terminator.</summary>
    public int MaxLineLength { get; init; } = DefaultMaxLineLength;

    /// <summary>Every field, unknown ones included: the default of <see cref="Fields"/>.</summary>
    public const ulong AllFields = ulong.MaxValue;

    /// <summary>
    /// The fields to type, one bit per <see cref="FlowField"/> (<see cref="FlowField.Unknown"/> for
    /// unknown columns). Other columns still count towards the field count of every line but are not
    /// typed or checked, and read as absent: a job that needs few fields pays only for those.
    /// </summary>
    public ulong Fields { get; init; } = AllFields;

    /// <summary>The bits of <see cref="Fields"/> for the given fields.</summary>
    public static ulong FieldSet(params ReadOnlySpan<FlowField> fields)
    {
        ulong set = 0;
        foreach (FlowField field in fields)
        {
            set |= 1UL << (int)field;
        }

        return set;
    }

    /// <summary>Where rejected lines are counted and sampled; a new log when not given.</summary>
    public FlowErrorLog? Errors { get; init; }
}
