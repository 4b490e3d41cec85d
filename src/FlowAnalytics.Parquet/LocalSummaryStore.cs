using System.Globalization;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Pipeline;

namespace FlowAnalytics.Parquet;

/// <summary>A local output directory as a <see cref="ISummaryStore"/>.</summary>
public sealed class LocalSummaryStore(string root) : ISummaryStore
{
    private readonly LocalParquetSink _sink = new(root);

    /// <inheritdoc/>
    /// <remarks>The full path, so <c>out</c> and <c>./out</c> are one store to the merge manifest.</remarks>
    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredFile>> ListAsync(string relativeFolder, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(Root, relativeFolder);
        ArgumentNullException.ThrowIfNull(relativeFolder);
        var files = new List<StoredFile>();
        if (Directory.Exists(folder))
        {
            foreach (string path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
                if (IsHidden(relative[relativeFolder.Length..]))
                {
                    continue;
                }

                var info = new FileInfo(path);
                files.Add(new StoredFile(relative, info.Length, info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)));
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult<IReadOnlyList<StoredFile>>(files);
    }

    /// <inheritdoc/>
    public Task<byte[]> ReadAsync(string relativePath, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(Path.Combine(Root, relativePath), cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutputFile>> WriteTableAsync(SummaryTable table, string? partitionColumn, string fileName, CancellationToken cancellationToken)
    {
        var outputs = new List<OutputFile>();
        foreach (WrittenParquetFile file in await _sink.WriteAsync(table, partitionColumn, fileName, cancellationToken).ConfigureAwait(false))
        {
            outputs.Add(new OutputFile(file.Path, file.Rows, file.Bytes));
        }

        return outputs;
    }

    /// <inheritdoc/>
    public async Task<OutputFile> WriteManifestAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Root, RunManifest.Folder, name + ".json");
        await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken).ConfigureAwait(false);
        return new OutputFile(path, 0, content.Length);
    }

    /// <summary>As readers of Hive-style trees see it: a path with a segment starting with '.' or '_' is not data (temp files, <c>_manifest</c>).</summary>
    public static bool IsHidden(string relative)
    {
        foreach (string segment in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment[0] is '.' or '_')
            {
                return true;
            }
        }

        return false;
    }
}
