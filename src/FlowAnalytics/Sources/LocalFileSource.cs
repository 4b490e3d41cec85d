namespace FlowAnalytics.Sources;

/// <summary>Finds flow-log files under local paths (files, or directories walked recursively).</summary>
public static class LocalFileSource
{
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
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

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
