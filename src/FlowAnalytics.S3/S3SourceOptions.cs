namespace FlowAnalytics.S3;

/// <summary>What an <see cref="S3FlowLogSource"/> lists and how hard it tries to open objects.</summary>
public sealed record S3SourceOptions
{
    /// <summary>
    /// With <see cref="To"/>, the time range of the run (<c>--from</c>): only date folders that can
    /// hold records starting at or after it are listed. Null for no lower bound.
    /// </summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only date folders that can hold records starting before this instant are listed (<c>--to</c>). Null for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Keys per ListObjectsV2 page, or null for the store's default (1000 on S3).</summary>
    public int? PageSize { get; init; }

    /// <summary>The account id that must own the bucket (<c>--expected-bucket-owner</c>), or null to not check.</summary>
    public string? ExpectedBucketOwner { get; init; }

    /// <summary>Attempts to open an object before its transient failures (throttling, 5xx, network) count as final.</summary>
    public int OpenAttempts { get; init; } = 4;

    /// <summary>The wait after the first failed attempt; it doubles each time, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Validate()
    {
        if (From is { } from && To is { } to && to <= from)
        {
            return $"the end of the range ({to:O}) must lie after its start ({from:O}).";
        }

        if (PageSize is < 1 or > 1000)
        {
            return $"the page size must be between 1 and 1000 (got {PageSize}).";
        }

        if (ExpectedBucketOwner is { } owner && (owner.Length != 12 || !owner.All(char.IsAsciiDigit)))
        {
            return $"the expected bucket owner '{owner}' is not a 12-digit account id.";
        }

        if (OpenAttempts < 1)
        {
            return "at least one attempt to open an object is needed.";
        }

        return RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay
            ? "the retry delays must be non-negative, the longest at least the first."
            : null;
    }
}
