namespace FlowAnalytics.Parquet;

/// <summary>
/// A file written to a temporary name beside its target and flushed to disk, waiting to be renamed
/// over the target. Disposing it without <see cref="Commit"/> deletes the temporary file. Made by
/// <see cref="AtomicFile.StageAsync"/>; staging several files and committing them together keeps a
/// failed run from replacing any of them.
/// </summary>
public sealed class StagedFile : IDisposable
{
    private bool _committed;
    private bool _disposed;

    internal StagedFile(string tempPath, string targetPath, long length)
    {
        TempPath = tempPath;
        TargetPath = targetPath;
        Length = length;
    }

    /// <summary>The temporary file holding the content (its name starts with <see cref="AtomicFile.TempFilePrefix"/>).</summary>
    public string TempPath { get; }

    /// <summary>The full path the content appears at on <see cref="Commit"/>.</summary>
    public string TargetPath { get; }

    /// <summary>The length of the content in bytes.</summary>
    public long Length { get; }

    /// <summary>Renames the temporary file over <see cref="TargetPath"/>, replacing any file there in one step.</summary>
    /// <exception cref="ObjectDisposedException">The staged file was disposed (and so deleted) first.</exception>
    public void Commit()
    {
        if (_committed)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        File.Move(TempPath, TargetPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        _disposed = true;
        if (!_committed)
        {
            TryDelete(TempPath);
        }
    }

    internal static void TryDelete(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (IOException)
        {
            // The failure that got us here matters more than a leftover temporary file, which readers skip.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
