using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace FlowAnalytics.S3;

/// <summary>
/// Sorts S3 failures into transient ones (worth another attempt) and the ones the caller must be
/// told about, and turns the latter into <see cref="S3StoreException"/>s that name the URI.
/// </summary>
internal static class S3Errors
{
    // Error codes S3 (and compatible stores) use for "slow down" and "try again".
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests",
        "RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable",
    };

    private static readonly HashSet<string> AccessCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AllAccessDisabled",
        "ExpiredToken", "InvalidToken", "AccountProblem",
    };

    /// <summary>
    /// True for failures another attempt may cure: throttling, 5xx, timeouts and broken connections.
    /// A cancellation the caller asked for is never transient.
    /// </summary>
    public static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // an HTTP timeout, not the caller
        S3StoreException => false,
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests
            || (service.ErrorCode is { } code && TransientCodes.Contains(code)),
        HttpRequestException or IOException or SocketException => true,
        AmazonClientException { InnerException: { } inner } => IsTransient(inner, cancellationToken),
        _ => false,
    };

    /// <summary>
    /// The exception to report for <paramref name="e"/>, raised by <paramref name="operation"/> on
    /// <paramref name="uri"/>: an <see cref="S3StoreException"/> for S3 and network failures, null for
    /// anything else (a cancellation, a bug), which the caller lets through as it is.
    /// </summary>
    public static S3StoreException? Translate(Exception e, string uri, string operation, CancellationToken cancellationToken)
    {
        if (e is S3StoreException already)
        {
            return already;
        }

        if (e is AmazonServiceException service)
        {
            string detail = $"{service.ErrorCode ?? service.StatusCode.ToString()}: {service.Message}";
            return service.ErrorCode switch
            {
                "NoSuchBucket" => new(S3FailureKind.BucketNotFound, uri, $"{operation} {uri}: the bucket does not exist ({detail}).", e),
                "NoSuchKey" => new(S3FailureKind.ObjectNotFound, uri, $"{operation} {uri}: no such object ({detail}).", e),
                "PreconditionFailed" => new(S3FailureKind.ObjectChanged, uri, $"{operation} {uri}: the object changed since it was listed ({detail}).", e),
                _ when service.StatusCode == HttpStatusCode.Forbidden || (service.ErrorCode is { } code && AccessCodes.Contains(code)) =>
                    new(S3FailureKind.AccessDenied, uri, $"{operation} {uri}: access denied ({detail}).", e),
                _ when IsTransient(e, cancellationToken) =>
                    new(S3FailureKind.Unavailable, uri, $"{operation} {uri}: the store stayed unavailable ({detail}).", e),
                _ => new(S3FailureKind.Rejected, uri, $"{operation} {uri} failed ({detail}).", e),
            };
        }

        return IsTransient(e, cancellationToken)
            ? new S3StoreException(S3FailureKind.Unavailable, uri, $"{operation} {uri}: the store cannot be reached ({e.Message}).", e)
            : null;
    }
}
