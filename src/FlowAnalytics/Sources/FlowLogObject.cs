namespace FlowAnalytics.Sources;

/// <summary>One input object: a local file or an S3 object.</summary>
/// <param name="Key">The object's key or path, as errors and the manifest name it.</param>
/// <param name="Size">Size in bytes as stored (compressed).</param>
/// <param name="LastModified">When the object arrived (S3 LastModified or file mtime), or null.</param>
/// <param name="ETag">The S3 ETag, or null for local files.</param>
public sealed record FlowLogObject(string Key, long Size, DateTimeOffset? LastModified, string? ETag);
