namespace FlowAnalytics.S3;

/// <summary>
/// Exponential backoff with jitter: attempt n waits between half and all of
/// min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> · 2ⁿ⁻¹), so workers that failed together do
/// not come back together.
/// </summary>
internal readonly record struct RetryBackoff(TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        double ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
