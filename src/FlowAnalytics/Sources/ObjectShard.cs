using System.Globalization;

namespace FlowAnalytics.Sources;

/// <summary>
/// One of <see cref="Count"/> disjoint slices of an object listing, chosen by a stable hash of each
/// key, so shards run anywhere (AWS Batch array jobs, Kubernetes Indexed Jobs) see disjoint sets of
/// objects that together cover the listing, without talking to each other.
/// </summary>
/// <param name="Index">This shard, from 0.</param>
/// <param name="Count">How many shards there are.</param>
public readonly record struct ObjectShard(int Index, int Count)
{
    /// <summary>The most shards a run may be split into.</summary>
    public const int MaxCount = 10_000;

    /// <summary>The run id of this shard's partial output: the same for every retry, so a retried shard replaces its own files.</summary>
    public string RunId => string.Create(CultureInfo.InvariantCulture, $"shard-{Index:D4}-of-{Count:D4}");

    /// <summary>Parses <c>i/n</c> (0 ≤ i &lt; n).</summary>
    /// <exception cref="FormatException">The text is not a shard.</exception>
    public static ObjectShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            return Create(index, count, $"--shard {text}");
        }

        throw new FormatException($"--shard must be i/n with 0 <= i < n, like 3/8 (got '{text}').");
    }

    /// <summary>Checks <paramref name="index"/> and <paramref name="count"/>; <paramref name="what"/> names them in the message.</summary>
    /// <exception cref="FormatException">The index is outside [0, count) or the count outside [1, <see cref="MaxCount"/>].</exception>
    public static ObjectShard Create(int index, int count, string what)
    {
        if (count is < 1 or > MaxCount)
        {
            throw new FormatException($"{what}: the number of shards must be between 1 and {MaxCount} (got {count}).");
        }

        return index >= 0 && index < count
            ? new ObjectShard(index, count)
            : throw new FormatException($"{what}: the shard index must be between 0 and {count - 1} (got {index}).");
    }

    /// <summary>True when the object named <paramref name="key"/> belongs to this shard.</summary>
    public bool Contains(string key) => (int)(StableHash(key) % (ulong)Count) == Index;

    /// <summary>
    /// FNV-1a (64-bit) over the key from its <c>AWSLogs/</c> segment on (the whole key when it has
    /// none), so a bucket and a local copy of it (<c>aws s3 sync</c>) shard alike. Never
    /// <see cref="string.GetHashCode()"/>: that differs from process to process.
    /// </summary>
    public static ulong StableHash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int start = key.IndexOf("AWSLogs/", StringComparison.Ordinal);
        start = start >= 0 ? start : key.IndexOf("AWSLogs\\", StringComparison.Ordinal);
        ReadOnlySpan<char> part = key.AsSpan(Math.Max(start, 0)).TrimStart(['/', '\\']);
        ulong hash = 14695981039346656037;
        foreach (char c in part)
        {
            // Windows separators hash as '/', so paths from any OS agree.
            hash = (hash ^ (c == '\\' ? '/' : c)) * 1099511628211;
        }

        return hash;
    }
}
