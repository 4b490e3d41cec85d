using Amazon.S3;
using FlowAnalytics.Parquet;
using FlowAnalytics.S3;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Cli.Commands;

/// <summary>
/// Where a run reads and writes: local paths or <c>s3://</c> URIs, and the S3 client settings.
/// The S3 client is made only when an <c>s3://</c> location is used.
/// </summary>
internal sealed class StorageSettings
{
    private IAmazonS3? _client;

    public StorageSettings(S3ClientOptions client, S3SinkOptions sink, string? expectedBucketOwner)
    {
        Client = client.WithEndpointFromEnvironment();
        Sink = sink with { ExpectedBucketOwner = expectedBucketOwner, UseChunkEncoding = !Client.UsesPlainPayloads };
        ExpectedBucketOwner = expectedBucketOwner;
    }

    public S3ClientOptions Client { get; }

    public S3SinkOptions Sink { get; }

    public string? ExpectedBucketOwner { get; }

    /// <summary>Throws <see cref="FormatException"/> when a setting is invalid.</summary>
    public void Validate()
    {
        string? problem = Client.Validate() ?? Sink.Validate();
        if (problem is not null)
        {
            throw new FormatException(problem);
        }
    }

    public IAmazonS3 S3 => _client ??= S3ClientFactory.Create(Client);

    /// <summary>The output tree at <paramref name="root"/>: a local directory or an S3 prefix.</summary>
    public ISummaryStore CreateStore(string root) =>
        S3Location.IsS3Uri(root) ? new S3SummaryStore(S3, S3Location.Parse(root), Sink) : new LocalSummaryStore(root);

    /// <summary>One source over every <c>--source</c>, local paths and S3 prefixes alike, in the order given.</summary>
    public IFlowLogSource CreateSource(IReadOnlyList<string> sources, DateTimeOffset? from, DateTimeOffset? to)
    {
        var parts = new List<IFlowLogSource>();
        var locals = new List<string>();
        foreach (string source in sources)
        {
            if (!S3Location.IsS3Uri(source))
            {
                locals.Add(source);
                continue;
            }

            if (locals.Count > 0)
            {
                parts.Add(new LocalFileSource([.. locals]));
                locals.Clear();
            }

            var options = new S3SourceOptions { From = from, To = to, ExpectedBucketOwner = ExpectedBucketOwner };
            parts.Add(new S3FlowLogSource(S3, S3Location.Parse(source), options));
        }

        if (locals.Count > 0)
        {
            parts.Add(new LocalFileSource([.. locals]));
        }

        return parts.Count == 1 ? parts[0] : new CompositeFlowLogSource(parts);
    }
}
