namespace FlowAnalytics.Sources;

/// <summary>Finds flow-log files under local paths (files, or directories walked recursively).</summary>
public sealed class LocalFileSource : IFlowLogSource
{
    private readonly IReadOnlyList<string> _paths;

    /// <summary>Creates a source over files and directories.</summary>
    public LocalFileSource(IReadOnlyList<string> paths) => _paths = paths;

    /// <inheritdoc/>
    public Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files = ListFiles(_paths);
        var objects = new FlowLogObject[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            var info = new FileInfo(files[i]);
            objects[i] = new FlowLogObject(files[i], info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), null);
        }

        return Task.FromResult<IReadOnlyList<FlowLogObject>>(objects);
    }

    /// <inheritdoc/>
    public Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken) => Task.FromResult(Open(item.Key));

    /// <summary>
    /// Lists the files named by <paramref name="paths"/>: a file as itself, a directory as every
    /// file below it in ordinal path order (so runs are reproducible), skipping hidden entries.
    /// </summary>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    public static IReadOnlyList<string> ListFiles(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = new List<string>();
                foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                {
                    if (!IsHidden(Path.GetRelativePath(path, file)))
                    {
                        found.Add(file);
                    }
                }

                found.Sort(StringComparer.Ordinal);
                files.AddRange(found);
            }
            else
            {
                throw new FileNotFoundException($"No such file or directory: {path}", path);
            }
        }

        return files;
    }

    /// <summary>Opens a file for sequential reading.</summary>
    public static Stream Open(string path) =>
        new SynchronousReadStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan));

    private static bool IsHidden(string relativePath)
    {
        foreach (string part in relativePath.Split(Path.DirectorySeparatorChar))
        {
            if (part.StartsWith('.') || part.StartsWith('_'))
            {
                return true;
            }
        }

        return false;
    }
}
