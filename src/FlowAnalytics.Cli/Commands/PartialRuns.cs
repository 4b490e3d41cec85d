using System.Globalization;
using System.Text;
using FlowAnalytics.S3;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Cli.Commands;

/// <summary>
/// The options that make a run one part of a bigger job (DESIGN §8): <c>--shard i/n</c> or
/// <c>--shards n</c> with the orchestrator's index, and <c>--keys-from</c> with an explicit batch.
/// </summary>
internal static class PartialRuns
{
    /// <summary>The index variables orchestrators set for each copy of a job, in the order they are tried.</summary>
    public static readonly string[] IndexVariables = ["AWS_BATCH_JOB_ARRAY_INDEX", "JOB_COMPLETION_INDEX"];

    /// <summary>The shard of <c>--shard</c> or <c>--shards</c>, or null.</summary>
    /// <exception cref="FormatException">Both are given, or the value or the index variable is not a shard.</exception>
    public static ObjectShard? ResolveShard(string? shard, int? shards)
    {
        if (shard is not null && shards is not null)
        {
            throw new FormatException("Give --shard i/n or --shards n, not both.");
        }

        if (shard is not null)
        {
            return ObjectShard.Parse(shard);
        }

        if (shards is not { } count)
        {
            return null;
        }

        foreach (string variable in IndexVariables)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                    ? ObjectShard.Create(index, count, $"--shards {count} with {variable}={value}")
                    : throw new FormatException($"--shards {count}: {variable}='{value}' is not a shard index.");
            }
        }

        throw new FormatException($"--shards {count} takes the shard index from {string.Join(" or ", IndexVariables)}, and neither is set; use --shard i/{count} to give it.");
    }

    /// <summary>
    /// The run id of a shard: <c>shard-0003-of-0008</c>, with the <c>--from/--to</c> range when given
    /// (<c>shard-0003-of-0008-20261101T0000Z-20261102T0000Z</c>), so shards of every day can share one
    /// partials prefix while a retry of one shard of one day still replaces its own files.
    /// </summary>
    public static string ShardRunId(ObjectShard shard, DateTimeOffset? from, DateTimeOffset? to) =>
        from is null && to is null
            ? shard.RunId
            : string.Create(CultureInfo.InvariantCulture, $"{shard.RunId}-{Stamp(from)}-{Stamp(to)}");

    private static string Stamp(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture) : "open";

    /// <summary>Reads the list of <c>--keys-from</c>: a local file, <c>s3://bucket/key</c>, or <c>env:NAME</c>.</summary>
    public static Task<IReadOnlyList<ListedKey>> ReadKeysAsync(string location, StorageSettings storage, CancellationToken cancellationToken) =>
        ObjectKeyList.ReadAsync(location, (where, token) => OpenAsync(where, storage, token), cancellationToken);

    /// <summary>
    /// The run id of a key-list batch: a hash of its keys and ETags, so a retried batch replaces its
    /// own partial files instead of adding a second copy.
    /// </summary>
    public static string RunIdOf(IReadOnlyList<ListedKey> keys)
    {
        var lines = new List<string>(keys.Count);
        foreach (ListedKey key in keys)
        {
            lines.Add($"{key.Bucket}/{key.Key}|{key.ETag}");
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Create(CultureInfo.InvariantCulture, $"keys-{ObjectShard.StableHash(string.Join('\n', lines)):x16}");
    }

    /// <summary>
    /// The listed objects, named as the sources name them: a path under the one local <c>--source</c>
    /// folder, or <c>s3://bucket/key</c> (the list's bucket, else the bucket of <c>--source s3://…</c>).
    /// </summary>
    /// <exception cref="FormatException">The keys cannot be placed: no bucket and no single --source.</exception>
    public static KeyListSource CreateKeySource(
        IReadOnlyList<ListedKey> keys, IReadOnlyList<string> sources, StorageSettings storage, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (sources.Count > 1)
        {
            throw new FormatException("--keys-from resolves keys against one --source (a bucket or a local folder), not several.");
        }

        string? source = sources.Count == 1 ? sources[0] : null;
        bool s3 = source is null || S3Location.IsS3Uri(source);
        string? sourceBucket = source is not null && s3 ? S3Location.Parse(source).Bucket : null;
        var objects = new List<FlowLogObject>(keys.Count);
        var seen = new HashSet<(string?, string)>();
        foreach (ListedKey key in keys)
        {
            // An inventory of every version lists a key once per version: it is one object to read.
            if (!seen.Add((key.Bucket, key.Key)))
            {
                continue;
            }

            // A local --source is a copy of the bucket (aws s3 sync): its keys are paths under it,
            // whatever bucket the list names.
            if (!s3)
            {
                objects.Add(new FlowLogObject(UnderSource(source!, key.Key), key.Size, key.LastModified, null));
            }
            else if ((key.Bucket ?? sourceBucket) is { } bucket)
            {
                objects.Add(new FlowLogObject(S3Location.Parse($"s3://{bucket}").UriOfKey(key.Key), key.Size, key.LastModified, key.ETag));
            }
            else
            {
                throw new FormatException($"--keys-from: key {key.Key} names no bucket; give --source s3://bucket or the local folder the keys are under.");
            }
        }

        var buckets = new Dictionary<string, S3FlowLogSource>(StringComparer.Ordinal);
        return new KeyListSource(objects, (item, token) =>
        {
            if (!S3Location.IsS3Uri(item.Key))
            {
                return Task.FromResult(LocalFileSource.Open(item.Key));
            }

            string bucket = item.Key[S3Location.Scheme.Length..].Split('/')[0];
            S3FlowLogSource opener;
            lock (buckets)
            {
                if (!buckets.TryGetValue(bucket, out opener!))
                {
                    opener = new S3FlowLogSource(storage.S3, S3Location.Parse($"s3://{bucket}"), new S3SourceOptions
                    {
                        From = from, To = to, ExpectedBucketOwner = storage.ExpectedBucketOwner,
                    });
                    buckets.Add(bucket, opener);
                }
            }

            return opener.OpenAsync(item, token);
        });
    }

    // A key from a list is data: it may name only a file inside the --source folder.
    private static string UnderSource(string source, string key)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source)) + Path.DirectorySeparatorChar;
        string path = Path.GetFullPath(Path.Combine(root, key));
        return !Path.IsPathRooted(key) && path.StartsWith(root, StringComparison.Ordinal)
            ? path
            : throw new FormatException($"--keys-from: key '{key}' is not a path inside --source {source}.");
    }

    private static async Task<Stream> OpenAsync(string location, StorageSettings storage, CancellationToken cancellationToken)
    {
        if (location.StartsWith("env:", StringComparison.Ordinal))
        {
            string name = location["env:".Length..];
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? new MemoryStream(Encoding.UTF8.GetBytes(value), writable: false)
                : throw new FormatException($"--keys-from {location}: the environment variable {name} is not set.");
        }

        if (S3Location.IsS3Uri(location))
        {
            string rest = location[S3Location.Scheme.Length..];
            string bucket = rest.Split('/')[0];
            var source = new S3FlowLogSource(storage.S3, S3Location.Parse($"s3://{bucket}"), new S3SourceOptions { ExpectedBucketOwner = storage.ExpectedBucketOwner });
            return await source.OpenAsync(new FlowLogObject(location, 0, null, null), cancellationToken).ConfigureAwait(false);
        }

        return File.Exists(location)
            ? File.OpenRead(location)
            : throw new FileNotFoundException($"--keys-from: no such file: {location}", location);
    }
}
