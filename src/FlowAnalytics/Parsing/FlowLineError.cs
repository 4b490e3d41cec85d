namespace FlowAnalytics.Parsing;

/// <summary>A rejected line: where it is, why, and the start of its text.</summary>
/// <param name="LineNumber">1-based line number in the (decompressed) input.</param>
/// <param name="Reason">Why the line was rejected.</param>
/// <param name="Field">The field at fault, or null for whole-line reasons.</param>
/// <param name="Excerpt">The first characters of the line, for a person to recognise it.</param>
public sealed record FlowLineError(long LineNumber, FlowErrorReason Reason, string? Field, string Excerpt)
{
    /// <summary>The longest excerpt kept.</summary>
    public const int MaxExcerptLength = 120;

    /// <summary>The reason as a person reads it, e.g. "bad number in bytes"; also the key errors are counted by.</summary>
    public string Message => Describe(Reason, Field);

    /// <summary>The message for a reason and field.</summary>
    public static string Describe(FlowErrorReason reason, string? field) => reason switch
    {
        FlowErrorReason.TooFewFields => "too few fields",
        FlowErrorReason.TooManyFields => "too many fields",
        FlowErrorReason.BadNumber => $"bad number in {field}",
        FlowErrorReason.NumberOutOfRange => $"number out of range in {field}",
        FlowErrorReason.BadAddress => $"bad address in {field}",
        FlowErrorReason.BadId => $"bad id in {field}",
        FlowErrorReason.BadAccountId => $"bad account id in {field}",
        FlowErrorReason.BadValue => $"bad value in {field}",
        FlowErrorReason.LineTooLong => "line too long (>64 KiB)",
        FlowErrorReason.InvalidUtf8 => "invalid UTF-8",
        FlowErrorReason.BadHeader => "bad header (repeated field name)",
        _ => reason.ToString(),
    };

    /// <inheritdoc/>
    public override string ToString() => $"line {LineNumber}: {Message}: {Excerpt}";
}
