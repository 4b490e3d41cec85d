using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace FlowAnalytics.S3;

/// <summary>
/// Builds the <see cref="IAmazonS3"/> every S3 component uses. Against AWS it leaves the SDK's
/// defaults alone (credential chain, region resolution, checksums); against an S3-compatible
/// endpoint it addresses buckets by path and, with <see cref="S3ClientOptions.UsesPlainPayloads"/>,
/// asks for checksums only where required (the sink then also turns off aws-chunked uploads).
/// </summary>
public static class S3ClientFactory
{
    /// <summary>
    /// Creates a client. Credentials come from the SDK's default chain (environment, profile, SSO,
    /// web identity, container and instance roles) unless <paramref name="credentials"/> is given;
    /// they are never read, logged or kept anywhere else.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="S3ClientOptions.Validate"/>).</exception>
    public static IAmazonS3 Create(S3ClientOptions options, AWSCredentials? credentials = null)
    {
        AmazonS3Config config = CreateConfig(options);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <summary>The client configuration <see cref="Create"/> uses (exposed so its choices can be checked).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static AmazonS3Config CreateConfig(S3ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var config = new AmazonS3Config();
        if (options.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint;
            // Compatible stores rarely serve virtual-hosted names (bucket.host), and never on an IP address.
            config.ForcePathStyle = true;
            config.AuthenticationRegion = options.Region ?? RegionFromEnvironment() ?? S3ClientOptions.DefaultCompatibleRegion;
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (options.UsesPlainPayloads)
        {
            // The SDK's default adds CRC32 trailers to uploads and validates response checksums;
            // stores that do not speak that protocol store the framing as data or reject the request.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        if (options.MaxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return config;
    }

    private static string? RegionFromEnvironment()
    {
        foreach (string name in (ReadOnlySpan<string>)["AWS_REGION", "AWS_DEFAULT_REGION"])
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }
}
