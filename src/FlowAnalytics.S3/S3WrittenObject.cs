namespace FlowAnalytics.S3;

/// <summary>One object an <see cref="S3SummarySink"/> wrote.</summary>
/// <param name="Uri">The object's URI, <c>s3://bucket/key</c>.</param>
/// <param name="PartitionDirectory">The Hive partition folder (<c>date=2024-05-01</c>), or null for an unpartitioned table or the manifest.</param>
/// <param name="Rows">Rows in the file; 0 for the manifest.</param>
/// <param name="Bytes">Size of the object in bytes.</param>
public readonly record struct S3WrittenObject(string Uri, string? PartitionDirectory, long Rows, long Bytes);
