namespace FlowAnalytics.Parsing;

/// <summary>Why a line was rejected. Each reason with its field forms the error's message.</summary>
public enum FlowErrorReason : byte
{
    /// <summary>Fewer fields than the layout.</summary>
    TooFewFields,
    /// <summary>More fields than the layout.</summary>
    TooManyFields,
    /// <summary>An integer field holds something that is not digits.</summary>
    BadNumber,
    /// <summary>An integer field's value exceeds the field's range.</summary>
    NumberOutOfRange,
    /// <summary>An address field is neither IPv4 nor IPv6.</summary>
    BadAddress,
    /// <summary>A resource id lacks its prefix or hex digits.</summary>
    BadId,
    /// <summary>An account id is neither up to 12 digits nor <c>unknown</c>.</summary>
    BadAccountId,
    /// <summary>A word field holds a word outside its vocabulary.</summary>
    BadValue,
    /// <summary>The line is longer than the reader's limit (64 KiB).</summary>
    LineTooLong,
    /// <summary>The line is not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>A header line names a field twice.</summary>
    BadHeader,
}
