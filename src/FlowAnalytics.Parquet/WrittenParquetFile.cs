namespace FlowAnalytics.Parquet;

/// <summary>One Parquet file a sink wrote: where it is, how many rows and bytes it holds.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="PartitionDirectory">The Hive partition folder (<c>date=2024-05-01</c>), or null for an unpartitioned table.</param>
/// <param name="Rows">Rows in the file.</param>
/// <param name="Bytes">Size of the file in bytes.</param>
public readonly record struct WrittenParquetFile(string Path, string? PartitionDirectory, int Rows, long Bytes);
