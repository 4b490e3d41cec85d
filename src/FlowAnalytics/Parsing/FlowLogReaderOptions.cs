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

    /// <summary>Where rejected lines are counted and sampled; a new log when not given.</summary>
    public FlowErrorLog? Errors { get; init; }
}
