namespace FlowAnalytics.Sampling;

/// <summary>What <see cref="SampleBucketGenerator.Generate"/> wrote.</summary>
/// <param name="OutputDirectory">The directory written to.</param>
/// <param name="AccountId">The scenario's account id (the <c>AWSLogs/{account}</c> folder).</param>
/// <param name="FlowLogId">The flow log's id, part of every key.</param>
/// <param name="InventoryFiles">Paths of the three inventory JSON files.</param>
/// <param name="Objects">The flow-log objects, in key-timestamp order.</param>
public sealed record SampleBucketSummary(
    string OutputDirectory, string AccountId, string FlowLogId, IReadOnlyList<string> InventoryFiles, IReadOnlyList<SampleObject> Objects)
{
    /// <summary>Records over all objects.</summary>
    public long Records => Sum(static o => o.Records);

    /// <summary>Uncompressed bytes over all objects (header lines included).</summary>
    public long UncompressedBytes => Sum(static o => o.UncompressedBytes);

    /// <summary>Gzip bytes over all objects.</summary>
    public long CompressedBytes => Sum(static o => o.CompressedBytes);

    private long Sum(Func<SampleObject, long> value)
    {
        long total = 0;
        foreach (SampleObject o in Objects)
        {
            total += value(o);
        }

        return total;
    }
}

/// <summary>One flow-log object the generator wrote.</summary>
/// <param name="Key">The S3 key (relative path under the output directory, with '/').</param>
/// <param name="Path">The local path.</param>
/// <param name="Timestamp">The timestamp in the key.</param>
/// <param name="LastModified">The file's last-write time: the delivery time, a few minutes after the timestamp.</param>
/// <param name="Records">Records in the object.</param>
/// <param name="UncompressedBytes">Text bytes before compression.</param>
/// <param name="CompressedBytes">File size.</param>
public readonly record struct SampleObject(
    string Key, string Path, DateTime Timestamp, DateTime LastModified, long Records, long UncompressedBytes, long CompressedBytes);
