namespace FlowAnalytics.Records;

/// <summary>Where a text field's bytes sit in a batch's text arena; a negative length means null.</summary>
public readonly record struct TextRef(int Offset, int Length)
{
    /// <summary>The null text (<c>-</c> or a field the layout lacks).</summary>
    public static TextRef Null { get; } = new(0, -1);

    /// <summary>True when the field had no value.</summary>
    public bool IsNull => Length < 0;
}
