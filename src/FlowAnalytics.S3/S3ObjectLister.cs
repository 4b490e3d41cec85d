using Amazon.S3;
using Amazon.S3.Model;

namespace FlowAnalytics.S3;

/// <summary>
/// ListObjectsV2 over one bucket, page after page, counting every request (each page is one): a
/// whole subtree at once, or one level (objects and sub-folders) with the <c>/</c> delimiter.
/// </summary>
internal sealed class S3ObjectLister(IAmazonS3 client, S3Location location, int? pageSize, string? expectedBucketOwner)
{
    /// <summary>Requests in flight at once: a walk visits sibling folders together, but politely.</summary>
    public const int MaxConcurrentRequests = 8;

    private const string Delimiter = "/";

    private readonly SemaphoreSlim _gate = new(MaxConcurrentRequests);

    private long _requests;

    /// <summary>ListObjectsV2 requests made so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Adds every object under <paramref name="prefix"/>, at any depth, to <paramref name="objects"/>.</summary>
    public Task ListTreeAsync(string prefix, List<S3Object> objects, CancellationToken cancellationToken) =>
        ListAsync(prefix, delimiter: null, objects, folders: null, cancellationToken);

    /// <summary>
    /// Adds the objects directly under <paramref name="prefix"/> to <paramref name="objects"/> and
    /// returns its sub-folders (full prefixes ending in <c>/</c>) in key order.
    /// </summary>
    public async Task<List<string>> ListLevelAsync(string prefix, List<S3Object> objects, CancellationToken cancellationToken)
    {
        var folders = new List<string>();
        await ListAsync(prefix, Delimiter, objects, folders, cancellationToken).ConfigureAwait(false);
        return folders;
    }

    private async Task ListAsync(
        string prefix, string? delimiter, List<S3Object> objects, List<string>? folders, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request
        {
            BucketName = location.Bucket,
            Prefix = prefix,
            Delimiter = delimiter,
            MaxKeys = pageSize,
            ExpectedBucketOwner = expectedBucketOwner,
        };
        do
        {
            ListObjectsV2Response response;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _requests);
                response = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (S3Errors.Translate(e, location.UriOfKey(prefix), "ListObjectsV2", cancellationToken) is { } failure)
            {
                throw failure;
            }
            finally
            {
                _gate.Release();
            }

            // The SDK leaves empty collections null.
            if (response.S3Objects is { } page)
            {
                objects.AddRange(page);
            }

            if (folders is not null && response.CommonPrefixes is { } common)
            {
                folders.AddRange(common);
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (request.ContinuationToken is { Length: > 0 });
    }
}
