namespace FlowAnalytics.Sources;

/// <summary>
/// A source could not deliver an object, and says whether trying again may help (a throttled or
/// unavailable store, a connection reset mid-body) or not (gone, access denied). The job retries
/// transient failures by reading the object again from its start, discarding what it had counted.
/// </summary>
public class SourceReadException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SourceReadException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>True when reading the object again may succeed.</summary>
    public bool IsTransient { get; }
}
