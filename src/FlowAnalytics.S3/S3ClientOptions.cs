namespace FlowAnalytics.S3;

/// <summary>
/// How to reach S3: which endpoint and region, and how plainly to send payloads. Holds no
/// credentials: those come only from the AWS SDK's chain (or are passed to
/// <see cref="S3ClientFactory.Create"/> by tests), so printing these options prints no secret.
/// </summary>
public sealed record S3ClientOptions
{
    /// <summary>The environment variable the AWS tools read an S3 endpoint from.</summary>
    public const string EndpointVariable = "AWS_ENDPOINT_URL_S3";

    /// <summary>
    /// The signing region used for a custom endpoint when none is given: what S3-compatible stores
    /// (MinIO, s3rver, Ceph) accept by default.
    /// </summary>
    public const string DefaultCompatibleRegion = "us-east-1";

    /// <summary>
    /// An S3-compatible endpoint (<c>--s3-endpoint</c>, e.g. <c>http://127.0.0.1:4568</c>), or null
    /// for AWS itself. Requests to it use path-style addressing (<c>host/bucket/key</c>).
    /// </summary>
    public string? EndpointUrl { get; init; }

    /// <summary>
    /// The region (<c>eu-west-1</c>), or null for the SDK's own resolution (<c>AWS_REGION</c>, the
    /// profile, instance metadata); with a custom endpoint, the signing region (default us-east-1).
    /// </summary>
    public string? Region { get; init; }

    /// <summary>
    /// Send request bodies plainly, for stores that need it: a body of known length instead of
    /// aws-chunked encoding, and checksums only where an operation requires them. Null: on for a
    /// custom endpoint, off (the SDK's defaults) for AWS. See <see cref="UsesPlainPayloads"/>.
    /// </summary>
    public bool? PlainPayloads { get; init; }

    /// <summary>Retries the SDK makes itself for a failed request (throttling, 5xx, network), or null for its default.</summary>
    public int? MaxErrorRetry { get; init; }

    /// <summary>Whether requests are sent plainly: <see cref="PlainPayloads"/>, or its default.</summary>
    public bool UsesPlainPayloads => PlainPayloads ?? EndpointUrl is not null;

    /// <summary>
    /// These options with <see cref="EndpointUrl"/> taken from <c>AWS_ENDPOINT_URL_S3</c> when it is
    /// not set; an explicit endpoint (<c>--s3-endpoint</c>) wins over the variable.
    /// </summary>
    public S3ClientOptions WithEndpointFromEnvironment(Func<string, string?>? getVariable = null)
    {
        if (EndpointUrl is not null)
        {
            return this;
        }

        string? fromEnvironment = (getVariable ?? Environment.GetEnvironmentVariable)(EndpointVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? this : this with { EndpointUrl = fromEnvironment.Trim() };
    }

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Validate()
    {
        if (EndpointUrl is not null
            && (!Uri.TryCreate(EndpointUrl, UriKind.Absolute, out Uri? endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            return $"the S3 endpoint '{EndpointUrl}' is not an http:// or https:// URL.";
        }

        if (Region is not null && (Region.Length == 0 || !Region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            return $"the region '{Region}' is not a region name like eu-west-1.";
        }

        return MaxErrorRetry is < 0 ? "the retry count must not be negative." : null;
    }
}
