using System.Buffers;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace FlowAnalytics.S3;

/// <summary>
/// Puts one object, whole or not at all: a single PutObject up to the multipart threshold (S3 never
/// shows a partial PUT), above it a multipart upload that is completed only after every part
/// arrived and aborted on any failure or cancellation, so no partial object ever appears.
/// </summary>
internal sealed class S3ObjectUploader(IAmazonS3 client, S3Location location, S3SinkOptions options)
{
    /// <summary>How long an abort may take after the upload failed (the caller's token may be cancelled by then).</summary>
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(30);

    // Null leaves the header out: the bucket's default encryption applies.
    private ServerSideEncryptionMethod? ServerSideEncryption =>
        options.ServerSideEncryption is { } method ? ServerSideEncryptionMethod.FindValue(method) : null;

    /// <summary>Uploads <paramref name="content"/> (seekable, read from its start) to <paramref name="key"/>; returns its length.</summary>
    public async Task<long> UploadAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        content.Position = 0;
        long length = content.Length;
        bool multipart = length > options.MultipartThreshold;
        try
        {
            if (multipart)
            {
                await UploadInPartsAsync(key, content, contentType, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.PutObjectAsync(
                    new PutObjectRequest
                    {
                        BucketName = location.Bucket,
                        Key = key,
                        InputStream = content,
                        AutoCloseStream = false,
                        ContentType = contentType,
                        UseChunkEncoding = options.UseChunkEncoding,
                        ServerSideEncryptionMethod = ServerSideEncryption,
                        ServerSideEncryptionKeyManagementServiceKeyId = options.KmsKeyId,
                        ExpectedBucketOwner = options.ExpectedBucketOwner,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        // Only the store's and the network's failures are translated: an IOException here comes from
        // reading the staged file, and saying "the store cannot be reached" would mislead.
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException
            && S3Errors.Translate(e, location.UriOfKey(key), multipart ? "Multipart upload" : "PutObject", cancellationToken) is { } failure)
        {
            throw failure;
        }

        return length;
    }

    private async Task UploadInPartsAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        InitiateMultipartUploadResponse started = await client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest
            {
                BucketName = location.Bucket,
                Key = key,
                ContentType = contentType,
                ServerSideEncryptionMethod = ServerSideEncryption,
                ServerSideEncryptionKeyManagementServiceKeyId = options.KmsKeyId,
                ExpectedBucketOwner = options.ExpectedBucketOwner,
            },
            cancellationToken).ConfigureAwait(false);
        string uploadId = started.UploadId;
        try
        {
            var parts = new List<PartETag>();
            // Owned here: rented once, returned in the finally below; a part's MemoryStream only borrows it.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(options.PartSize);
            try
            {
                int filled;
                while ((filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, options.PartSize), options.PartSize, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false)) > 0)
                {
                    int partNumber = parts.Count + 1;
                    using var part = new MemoryStream(buffer, 0, filled, writable: false);
                    UploadPartResponse uploaded = await client.UploadPartAsync(
                        new UploadPartRequest
                        {
                            BucketName = location.Bucket,
                            Key = key,
                            UploadId = uploadId,
                            PartNumber = partNumber,
                            InputStream = part,
                            IsLastPart = content.Position == content.Length,
                            UseChunkEncoding = options.UseChunkEncoding,
                            ExpectedBucketOwner = options.ExpectedBucketOwner,
                        },
                        cancellationToken).ConfigureAwait(false);
                    parts.Add(new PartETag { PartNumber = partNumber, ETag = uploaded.ETag });
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest
                {
                    BucketName = location.Bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartETags = parts,
                    ExpectedBucketOwner = options.ExpectedBucketOwner,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortAsync(key, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Aborts an upload so its parts are not kept (and billed); a failure to do so is a warning, not the error.</summary>
    private async Task AbortAsync(string key, string uploadId)
    {
        using var timeout = new CancellationTokenSource(AbortTimeout);
        try
        {
            await client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest
                {
                    BucketName = location.Bucket,
                    Key = key,
                    UploadId = uploadId,
                    ExpectedBucketOwner = options.ExpectedBucketOwner,
                },
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonS3Exception or HttpRequestException or IOException or OperationCanceledException)
        {
            options.Warning?.Invoke(
                $"Could not abort multipart upload {uploadId} of {location.UriOfKey(key)} ({e.Message}); " +
                "its parts stay stored until it is aborted or a lifecycle rule removes incomplete uploads.");
        }
    }
}
