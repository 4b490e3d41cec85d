namespace FlowAnalytics.Analysis;

/// <summary>The window length of a table, read off its window starts (the tables do not store it).</summary>
public static class WindowSpacing
{
    /// <summary>Five minutes, the run's default window: the length assumed when one window alone says nothing.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(5);

    /// <summary>The smallest positive spacing between distinct window starts, or <see cref="Default"/> for fewer than two.</summary>
    public static TimeSpan Infer(IEnumerable<DateTime> windowStarts)
    {
        ArgumentNullException.ThrowIfNull(windowStarts);
        List<DateTime> sorted = [.. windowStarts.Distinct().Order()];
        TimeSpan? smallest = null;
        for (int i = 1; i < sorted.Count; i++)
        {
            TimeSpan spacing = sorted[i] - sorted[i - 1];
            smallest = smallest is { } s && s <= spacing ? s : spacing;
        }

        return smallest ?? Default;
    }
}
