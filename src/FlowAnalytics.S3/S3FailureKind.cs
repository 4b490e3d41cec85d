namespace FlowAnalytics.S3;

/// <summary>Why an S3 request failed, as far as the caller can act on it.</summary>
public enum S3FailureKind : byte
{
    /// <summary>The bucket does not exist (or is in no region the client can reach).</summary>
    BucketNotFound,

    /// <summary>The credentials may not do this (403: access denied, unknown key id, bad signature, wrong bucket owner).</summary>
    AccessDenied,

    /// <summary>The object does not exist (deleted since it was listed, or a wrong key).</summary>
    ObjectNotFound,

    /// <summary>The object changed since it was listed (its ETag no longer matches).</summary>
    ObjectChanged,

    /// <summary>The store kept failing with transient errors (throttling, 5xx, network) until the retries ran out.</summary>
    Unavailable,

    /// <summary>Any other refusal by the store (a bad request, an unsupported feature).</summary>
    Rejected,
}
