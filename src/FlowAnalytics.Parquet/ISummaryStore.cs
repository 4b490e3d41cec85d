using FlowAnalytics.Aggregation;
using FlowAnalytics.Pipeline;

namespace FlowAnalytics.Parquet;

/// <summary>
/// An output tree of Parquet summaries and manifests, a local directory or an S3 prefix, as
/// <c>merge</c> reads partials and writes final tables. Paths are relative to the root, with <c>/</c>.
/// </summary>
public interface ISummaryStore
{
    /// <summary>The root, as the user named it (for messages and the manifest).</summary>
    string Root { get; }

    /// <summary>Every file under <paramref name="relativeFolder"/> (recursively), hidden and temporary files skipped; missing folder = none.</summary>
    Task<IReadOnlyList<StoredFile>> ListAsync(string relativeFolder, CancellationToken cancellationToken);

    /// <summary>The whole content of one file.</summary>
    Task<byte[]> ReadAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>Writes a table as the run's sinks do (partitioned by <paramref name="partitionColumn"/> or not), each file complete or absent.</summary>
    Task<IReadOnlyList<OutputFile>> WriteTableAsync(SummaryTable table, string? partitionColumn, string fileName, CancellationToken cancellationToken);

    /// <summary>Writes <c>_manifest/&lt;name&gt;.json</c> complete or absent; returns where it is.</summary>
    Task<OutputFile> WriteManifestAsync(string name, byte[] content, CancellationToken cancellationToken);
}

/// <summary>A file of a <see cref="ISummaryStore"/>.</summary>
/// <param name="Path">Relative to the store's root, with <c>/</c>.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Version">What changes when the file is replaced: the S3 ETag, or the local mtime.</param>
public readonly record struct StoredFile(string Path, long Size, string Version);
