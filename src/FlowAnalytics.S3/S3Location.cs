using System.Diagnostics.CodeAnalysis;

namespace FlowAnalytics.S3;

/// <summary>
/// A bucket and a key prefix, written <c>s3://bucket/prefix</c>: where flow logs are read from or
/// summaries are written to. The prefix names a folder: <c>s3://bucket/logs</c> and
/// <c>s3://bucket/logs/</c> both mean the keys under <c>logs/</c>, never <c>logs-old/</c>.
/// </summary>
public sealed record S3Location
{
    /// <summary>The URI scheme, with its separator.</summary>
    public const string Scheme = "s3://";

    private S3Location(string bucket, string keyPrefix)
    {
        Bucket = bucket;
        KeyPrefix = keyPrefix;
    }

    /// <summary>The bucket name.</summary>
    public string Bucket { get; }

    /// <summary>The folder the location names: empty for the whole bucket, otherwise ending in <c>/</c>.</summary>
    public string KeyPrefix { get; }

    /// <summary>True when <paramref name="value"/> is meant as an S3 location (starts with <c>s3://</c>, any case), valid or not.</summary>
    public static bool IsS3Uri(string? value) => value is not null && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>s3://bucket</c>, <c>s3://bucket/</c> or <c>s3://bucket/prefix[/]</c>.</summary>
    /// <exception cref="FormatException">The value is not such a URI; the message says why.</exception>
    public static S3Location Parse(string value) =>
        TryParse(value, out S3Location? location, out string? error) ? location : throw new FormatException(error);

    /// <summary>Parses like <see cref="Parse"/>; on failure <paramref name="error"/> says why, in one sentence naming the value.</summary>
    public static bool TryParse(
        string? value, [NotNullWhen(true)] out S3Location? location, [NotNullWhen(false)] out string? error)
    {
        location = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "An S3 location is empty: write s3://bucket/prefix.";
            return false;
        }

        if (!IsS3Uri(value))
        {
            int colon = value.IndexOf("://", StringComparison.Ordinal);
            error = colon > 0
                ? $"'{value}' is not an S3 location: the scheme must be s3:// (not {value[..(colon + 3)]})."
                : $"'{value}' is not an S3 location: write s3://bucket/prefix.";
            return false;
        }

        string rest = value[Scheme.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string path = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            error = $"'{value}' names no bucket: write s3://bucket/prefix.";
            return false;
        }

        if (S3BucketName.Validate(bucket) is { } bucketProblem)
        {
            error = $"'{value}' has an illegal bucket name '{bucket}': {bucketProblem}";
            return false;
        }

        if (PathProblem(path) is { } pathProblem)
        {
            error = $"'{value}' has an illegal key prefix: {pathProblem}";
            return false;
        }

        location = new S3Location(bucket, path.Length == 0 || path.EndsWith('/') ? path : path + "/");
        error = null;
        return true;
    }

    /// <summary>The location of the folder <paramref name="relativeFolder"/> under this one (no leading <c>/</c>).</summary>
    public S3Location Child(string relativeFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativeFolder);
        return Parse(UriOf(relativeFolder));
    }

    /// <summary>The key of <paramref name="relativeKey"/> under this location.</summary>
    public string KeyOf(string relativeKey) => KeyPrefix + relativeKey;

    /// <summary>The URI of <paramref name="relativeKey"/> under this location.</summary>
    public string UriOf(string relativeKey) => FormatUri(Bucket, KeyPrefix + relativeKey);

    /// <summary>The URI of any key of this location's bucket.</summary>
    public string UriOfKey(string key) => FormatUri(Bucket, key);

    /// <summary>The key a URI of this bucket names, or null when <paramref name="uri"/> is of another bucket or not an S3 URI.</summary>
    public string? KeyOfUri(string uri)
    {
        string head = FormatUri(Bucket, string.Empty);
        return uri.StartsWith(head, StringComparison.Ordinal) ? uri[head.Length..] : null;
    }

    /// <summary><c>s3://bucket/prefix/</c> (or <c>s3://bucket/</c> for a whole bucket).</summary>
    public override string ToString() => FormatUri(Bucket, KeyPrefix);

    private static string FormatUri(string bucket, string key) => string.Concat(Scheme, bucket, "/", key);

    private static string? PathProblem(string path)
    {
        if (path.StartsWith('/'))
        {
            return "it starts with '/' (write s3://bucket/prefix, with one slash after the bucket).";
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            return "it has an empty folder ('//').";
        }

        foreach (char c in path)
        {
            if (char.IsControl(c))
            {
                return "it holds a control character.";
            }
        }

        // Keys are at most 1024 bytes; a prefix near that leaves no room for the names below it.
        return System.Text.Encoding.UTF8.GetByteCount(path) > 900 ? "it is longer than 900 bytes." : null;
    }
}
