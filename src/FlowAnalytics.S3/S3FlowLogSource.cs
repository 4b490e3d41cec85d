using Amazon.S3;
using Amazon.S3.Model;
using FlowAnalytics.Sources;

namespace FlowAnalytics.S3;

/// <summary>
/// Flow-log objects under an S3 prefix. Without a time range it lists every key under the prefix;
/// with one (<see cref="S3SourceOptions.From"/>, <see cref="S3SourceOptions.To"/>) it visits only the
/// date folders of the delivery layouts that overlap the range (see <see cref="FlowLogPrefixWalk"/>).
/// Either way it skips folder placeholders (keys ending in <c>/</c>) and hidden keys (a folder or
/// name below the prefix starting with <c>.</c> or <c>_</c>, as local sources do). Objects are named
/// by their URI (<c>s3://bucket/key</c>) and opened as a stream of the response body, with retries.
/// </summary>
public sealed class S3FlowLogSource : IFlowLogSource
{
    private readonly IAmazonS3 _client;
    private readonly S3SourceOptions _options;
    private readonly S3ObjectLister _lister;
    private readonly RetryBackoff _backoff;

    /// <summary>Creates a source over <paramref name="location"/>; the client stays the caller's to dispose.</summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="S3SourceOptions.Validate"/>).</exception>
    public S3FlowLogSource(IAmazonS3 client, S3Location location, S3SourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(location);
        _options = options ?? new S3SourceOptions();
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _client = client;
        Location = location;
        _lister = new S3ObjectLister(client, location, _options.PageSize, _options.ExpectedBucketOwner);
        _backoff = new RetryBackoff(_options.RetryBaseDelay, _options.RetryMaxDelay);
    }

    /// <summary>The bucket and prefix listed.</summary>
    public S3Location Location { get; }

    /// <summary>ListObjectsV2 requests made so far (one per page): what pruning saves shows here.</summary>
    public long ListRequests => _lister.Requests;

    /// <summary>Lists the objects in ordinal key order.</summary>
    /// <exception cref="S3StoreException">The bucket does not exist, access is denied, or the store cannot be reached.</exception>
    public async Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken)
    {
        List<S3Object> listed;
        if (_options.From is null && _options.To is null)
        {
            listed = [];
            await _lister.ListTreeAsync(Location.KeyPrefix, listed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            listed = await new FlowLogPrefixWalk(_lister, _options.From, _options.To)
                .RunAsync(Location.KeyPrefix, cancellationToken).ConfigureAwait(false);
        }

        var objects = new List<FlowLogObject>(listed.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (S3Object item in listed)
        {
            if (IsReadable(item.Key) && seen.Add(item.Key))
            {
                objects.Add(new FlowLogObject(Location.UriOfKey(item.Key), item.Size ?? 0, LastModified(item.LastModified), item.ETag));
            }
        }

        objects.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;
    }

    /// <summary>
    /// Opens the object for sequential reading of its stored bytes, straight from the connection.
    /// Throttling, 5xx and network failures are retried with backoff (the SDK's own retries come
    /// first); when the object was listed with an ETag, a changed object is refused rather than mixed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="item"/> is not an object of this source's bucket.</exception>
    /// <exception cref="S3StoreException">The object is gone, changed or denied, or the store stayed unavailable.</exception>
    public async Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        string key = Location.KeyOfUri(item.Key)
            ?? throw new ArgumentException($"{item.Key} is not an object of {Location}.", nameof(item));
        var request = new GetObjectRequest
        {
            BucketName = Location.Bucket,
            Key = key,
            EtagToMatch = item.ETag,
            ExpectedBucketOwner = _options.ExpectedBucketOwner,
        };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                GetObjectResponse response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
                return new S3ObjectStream(response);
            }
            catch (Exception e) when (attempt < _options.OpenAttempts && S3Errors.IsTransient(e, cancellationToken))
            {
                await Task.Delay(_backoff.Delay(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (S3Errors.Translate(e, item.Key, "GetObject", cancellationToken) is { } failure)
            {
                throw failure.Kind == S3FailureKind.Unavailable
                    ? new S3StoreException(failure.Kind, item.Key, $"{failure.Message} Gave up after {attempt} attempts.", e)
                    : failure;
            }
        }
    }

    private bool IsReadable(string key)
    {
        if (key.EndsWith('/') || !key.StartsWith(Location.KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (string segment in key[Location.KeyPrefix.Length..].Split('/'))
        {
            if (FlowLogPrefixWalk.IsHidden(segment))
            {
                return false;
            }
        }

        return true;
    }

    private static DateTimeOffset? LastModified(DateTime? value) => value switch
    {
        null => null,
        // S3 sends UTC; an unspecified kind is read as UTC, not as this machine's zone.
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
