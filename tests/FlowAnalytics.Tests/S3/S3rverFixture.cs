using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using FlowAnalytics.S3;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.S3;

/// <summary>
/// One s3rver for every S3 test class (they share it through <see cref="S3rverCollection"/>):
/// installed from the lockfile if needed, started on a free port over a fresh temp directory, and
/// stopped on dispose. Each test makes its own bucket, so tests never see each other's objects.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    /// <summary>The only access key (and secret) s3rver accepts.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>The environment a CLI child process gets s3rver's credentials from, as the SDK chain reads them (no instance metadata).</summary>
    public static Dictionary<string, string> CliCredentials() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = AccessKey,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    private int _buckets;

    private S3rverProcess? _server;

    /// <summary>The server's URL, <c>http://127.0.0.1:port</c>.</summary>
    public string Endpoint => Server.Endpoint;

    /// <summary>A client made by the product's factory for this endpoint, with s3rver's credentials.</summary>
    public IAmazonS3 Client { get; private set; } = null!;

    internal S3rverProcess Server => _server ?? throw new InvalidOperationException("s3rver is not running.");

    /// <summary>The s3rver package folder (<c>tests/s3rver</c>), installed.</summary>
    public string PackageDirectory { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        PackageDirectory = await NpmPackage.S3rver.EnsureInstalledAsync();
        string data = Path.Combine(Path.GetTempPath(), "flowanalytics-s3rver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        _server = await StartOnFreePortAsync(PackageDirectory, data);
        Client = CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
            TryDeleteDirectory(_server.DataDirectory);
        }
    }

    /// <summary>A client for <paramref name="endpoint"/> (default: this server), as the product builds one for a custom endpoint.</summary>
    public IAmazonS3 CreateClient(string? endpoint = null, string accessKey = AccessKey, int? maxErrorRetry = null) =>
        S3ClientFactory.Create(
            new S3ClientOptions { EndpointUrl = endpoint ?? Endpoint, Region = "us-east-1", MaxErrorRetry = maxErrorRetry },
            new BasicAWSCredentials(accessKey, AccessKey));

    /// <summary>Creates a bucket with a name no other test uses.</summary>
    public async Task<string> CreateBucketAsync()
    {
        string name = $"test-{Interlocked.Increment(ref _buckets)}-{Guid.NewGuid():N}";
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>Puts an object as the product does against s3rver: a plain body of known length.</summary>
    public Task<PutObjectResponse> PutAsync(string bucket, string key, byte[] content) =>
        Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(content, writable: false),
            UseChunkEncoding = false,
        });

    /// <summary>Puts many small objects, a few at a time.</summary>
    public Task PutAllAsync(string bucket, IEnumerable<(string Key, byte[] Content)> objects) =>
        Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (o, _) => await PutAsync(bucket, o.Key, o.Content));

    /// <summary>
    /// Puts a folder placeholder (an empty object named <c>folder/</c>, as the S3 console's "Create
    /// folder" makes) for every folder above <paramref name="keys"/>. s3rver 3.7.1 needs them for
    /// delimiter listings: its directory walk stops one level below the prefix, so it reports a
    /// common prefix only for a folder that directly holds an object, where S3 reports every folder.
    /// The source skips placeholders, so they change nothing else.
    /// </summary>
    public Task PutFoldersAsync(string bucket, IEnumerable<string> keys)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            for (int slash = key.IndexOf('/'); slash >= 0; slash = key.IndexOf('/', slash + 1))
            {
                folders.Add(key[..(slash + 1)]);
            }
        }

        return PutAllAsync(bucket, folders.Select(f => (f, Array.Empty<byte>())));
    }

    /// <summary>An object's bytes.</summary>
    public async Task<byte[]> GetAsync(string bucket, string key)
    {
        using GetObjectResponse response = await Client.GetObjectAsync(bucket, key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Every key under <paramref name="prefix"/>, sorted (one page is plenty for the tests that ask).</summary>
    public async Task<List<string>> KeysAsync(string bucket, string prefix = "")
    {
        ListObjectsV2Response response = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        return (response.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
    }

    internal static async Task<S3rverProcess> StartOnFreePortAsync(string packageDirectory, string dataDirectory)
    {
        // Another process may take the port between probing and binding: try a few.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await S3rverProcess.StartAsync(packageDirectory, dataDirectory, S3rverProcess.FreePort());
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    internal static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
