using Amazon.S3;
using Amazon.S3.Model;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;

namespace FlowAnalytics.S3;

/// <summary>An S3 prefix of summaries as a <see cref="ISummaryStore"/>: listed, read whole (summary files are small), written through <see cref="S3SummarySink"/>.</summary>
public sealed class S3SummaryStore : ISummaryStore
{
    private readonly IAmazonS3 _client;
    private readonly S3Location _location;
    private readonly S3SinkOptions _options;
    private readonly S3ObjectLister _lister;
    private readonly S3SummarySink _sink;

    /// <summary>Creates the store; the client stays the caller's to dispose.</summary>
    public S3SummaryStore(IAmazonS3 client, S3Location location, S3SinkOptions options)
    {
        _client = client;
        _location = location;
        _options = options;
        _lister = new S3ObjectLister(client, location, pageSize: null, options.ExpectedBucketOwner);
        _sink = new S3SummarySink(client, location, options);
    }

    /// <inheritdoc/>
    public string Root => _location.ToString();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredFile>> ListAsync(string relativeFolder, CancellationToken cancellationToken)
    {
        var objects = new List<S3Object>();
        await _lister.ListTreeAsync(_location.KeyOf(relativeFolder), objects, cancellationToken).ConfigureAwait(false);
        var files = new List<StoredFile>(objects.Count);
        foreach (S3Object o in objects)
        {
            string relative = o.Key[_location.KeyPrefix.Length..];
            if (!relative.EndsWith('/') && !LocalSummaryStore.IsHidden(relative[relativeFolder.Length..]))
            {
                files.Add(new StoredFile(relative, o.Size ?? 0, o.ETag ?? string.Empty));
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <inheritdoc/>
    public async Task<byte[]> ReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        string key = _location.KeyOf(relativePath);
        try
        {
            using GetObjectResponse response = await _client.GetObjectAsync(
                new GetObjectRequest { BucketName = _location.Bucket, Key = key, ExpectedBucketOwner = _options.ExpectedBucketOwner },
                cancellationToken).ConfigureAwait(false);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
        catch (Exception e) when (S3Errors.Translate(e, _location.UriOfKey(key), "GetObject", cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutputFile>> WriteTableAsync(SummaryTable table, string? partitionColumn, string fileName, CancellationToken cancellationToken)
    {
        var outputs = new List<OutputFile>();
        foreach (S3WrittenObject written in await _sink.WriteAsync(table, partitionColumn, fileName, cancellationToken).ConfigureAwait(false))
        {
            outputs.Add(new OutputFile(written.Uri, written.Rows, written.Bytes));
        }

        return outputs;
    }

    /// <inheritdoc/>
    public async Task<OutputFile> WriteManifestAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        S3WrittenObject written = await _sink.WriteManifestAsync(name, content, cancellationToken).ConfigureAwait(false);
        return new OutputFile(written.Uri, 0, written.Bytes);
    }
}
