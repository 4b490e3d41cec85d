namespace FlowAnalytics.S3;

/// <summary>How an <see cref="S3SummarySink"/> uploads: encryption, bucket owner check, payload style, part sizes.</summary>
public sealed record S3SinkOptions
{
    /// <summary>S3-managed keys (SSE-S3), for <see cref="ServerSideEncryption"/>.</summary>
    public const string Aes256 = "AES256";

    /// <summary>KMS keys (SSE-KMS), for <see cref="ServerSideEncryption"/>.</summary>
    public const string AwsKms = "aws:kms";

    /// <summary>S3's smallest part size (for every part but the last).</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>The default part size, and the size above which an upload is multipart.</summary>
    public const int DefaultPartSize = 16 * 1024 * 1024;

    /// <summary>
    /// Server-side encryption of every object written (<c>--sse</c>): <see cref="Aes256"/> or
    /// <see cref="AwsKms"/>; null leaves it to the bucket's default encryption.
    /// </summary>
    public string? ServerSideEncryption { get; init; }

    /// <summary>The KMS key for <see cref="AwsKms"/> (<c>--sse-kms-key-id</c>: id, ARN or alias), or null for the account's S3 key.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>The account id that must own the bucket (<c>--expected-bucket-owner</c>), sent with every request; null to not check.</summary>
    public string? ExpectedBucketOwner { get; init; }

    /// <summary>
    /// Upload with aws-chunked encoding (the SDK's default). Set false for stores that store the
    /// chunk framing as data: <see cref="S3ClientOptions.UsesPlainPayloads"/> says when.
    /// </summary>
    public bool UseChunkEncoding { get; init; } = true;

    /// <summary>Files larger than this go up as multipart uploads, completed or aborted as a whole.</summary>
    public long MultipartThreshold { get; init; } = DefaultPartSize;

    /// <summary>The size of each part but the last of a multipart upload (one part is held in memory at a time).</summary>
    public int PartSize { get; init; } = DefaultPartSize;

    /// <summary>Where Parquet files are staged before upload, or null for the system temp folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// Receives warnings that do not fail the write: a multipart upload that could not be aborted
    /// after a failure (its parts stay billed until a lifecycle rule removes them). Never credentials.
    /// </summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Validate()
    {
        if (ServerSideEncryption is not (null or Aes256 or AwsKms))
        {
            return $"--sse must be {Aes256} or {AwsKms} (got '{ServerSideEncryption}').";
        }

        if (KmsKeyId is not null && ServerSideEncryption != AwsKms)
        {
            return $"--sse-kms-key-id needs --sse {AwsKms}.";
        }

        if (ExpectedBucketOwner is { } owner && (owner.Length != 12 || !owner.All(char.IsAsciiDigit)))
        {
            return $"--expected-bucket-owner must be a 12-digit account id (got '{owner}').";
        }

        if (PartSize < MinPartSize)
        {
            return $"the part size must be at least {MinPartSize} bytes (S3's minimum).";
        }

        return MultipartThreshold < 0 ? "the multipart threshold must not be negative." : null;
    }
}
