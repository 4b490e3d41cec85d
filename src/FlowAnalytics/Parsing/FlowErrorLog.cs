namespace FlowAnalytics.Parsing;

/// <summary>
/// Counts every rejected line by message and keeps the first few of each as located samples, so a
/// file full of garbage costs bounded memory while the counts stay complete.
/// </summary>
public sealed class FlowErrorLog
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly List<FlowLineError> _samples = [];
    private readonly Dictionary<string, int> _samplesPerMessage = new(StringComparer.Ordinal);

    /// <summary>Creates a log keeping up to <paramref name="samplesPerMessage"/> samples per message.</summary>
    public FlowErrorLog(int samplesPerMessage = 5) => SamplesPerMessage = samplesPerMessage;

    /// <summary>How many samples of each message are kept.</summary>
    public int SamplesPerMessage { get; }

    /// <summary>All rejected lines.</summary>
    public long Total { get; private set; }

    /// <summary>Rejected lines by message.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>The first errors of each message, in the order they were met.</summary>
    public IReadOnlyList<FlowLineError> Samples => _samples;

    /// <summary>Counts an error and keeps it if its message has fewer than the limit of samples.</summary>
    public void Add(FlowLineError error)
    {
        string message = error.Message;
        Total++;
        _counts[message] = _counts.GetValueOrDefault(message) + 1;
        int kept = _samplesPerMessage.GetValueOrDefault(message);
        if (kept < SamplesPerMessage)
        {
            _samplesPerMessage[message] = kept + 1;
            _samples.Add(error);
        }
    }
}
