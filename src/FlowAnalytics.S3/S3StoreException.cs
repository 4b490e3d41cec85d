using FlowAnalytics.Sources;

namespace FlowAnalytics.S3;

/// <summary>
/// An S3 request failed in a way the caller should report: a missing bucket, access denied, an
/// object gone or changed, or a store that stayed unavailable through the retries. The message names
/// the bucket or object URI. It is an <see cref="IOException"/>, so the job records an object that
/// fails this way as a failed object and goes on with the others.
/// </summary>
public sealed class S3StoreException : SourceReadException
{
    /// <summary>Creates the exception.</summary>
    public S3StoreException(S3FailureKind kind, string uri, string message, Exception? innerException = null)
        : base(message, kind == S3FailureKind.Unavailable, innerException)
    {
        Kind = kind;
        Uri = uri;
    }

    /// <summary>Why the request failed.</summary>
    public S3FailureKind Kind { get; }

    /// <summary>The bucket, prefix or object the request was about (<c>s3://bucket/key</c>).</summary>
    public string Uri { get; }
}
