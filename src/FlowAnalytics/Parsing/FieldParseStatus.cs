namespace FlowAnalytics.Parsing;

/// <summary>The outcome of typing one field's text.</summary>
internal enum FieldParseStatus : byte
{
    Ok,
    Bad,
    OutOfRange,
}
