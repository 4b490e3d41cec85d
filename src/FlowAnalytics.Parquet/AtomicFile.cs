namespace FlowAnalytics.Parquet;

/// <summary>
/// Makes files appear whole or not at all: content goes to a temporary file in the target's
/// directory, is flushed to disk, and is then renamed over the target (an atomic replace on POSIX
/// file systems and NTFS). Readers see the old file or the new one, never a partial one.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Prefix of temporary files. Readers (<see cref="SummaryParquetReader"/>, and Hive/Spark/DuckDB
    /// globbing over <c>*.parquet</c>) skip them: they start with a dot and do not end in <c>.parquet</c>.
    /// </summary>
    public const string TempFilePrefix = ".tmp-";

    /// <summary>
    /// Creates or replaces <paramref name="path"/> with what <paramref name="writeContent"/> writes (see
    /// <see cref="StageAsync"/>). On any failure <paramref name="path"/> is left as it was and no
    /// temporary file remains.
    /// </summary>
    /// <returns>The length of the file written, in bytes.</returns>
    public static async Task<long> WriteAsync(
        string path, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken = default)
    {
        using StagedFile staged = await StageAsync(path, writeContent, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        staged.Commit();
        return staged.Length;
    }

    /// <summary>
    /// Writes the content of <paramref name="path"/> to a temporary file beside it and flushes it to
    /// disk, without touching <paramref name="path"/>: the caller commits the result, or disposes it to
    /// throw it away. <paramref name="writeContent"/> gets a seekable file stream it must not dispose.
    /// The directory is created if needed. If writing fails, the temporary file is deleted.
    /// </summary>
    public static async Task<StagedFile> StageAsync(
        string path, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeContent);
        cancellationToken.ThrowIfCancellationRequested();

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"{path} names no file inside a directory.", nameof(path));
        Directory.CreateDirectory(directory);

        // Same directory, so the rename never crosses file systems; a random part, so concurrent writers
        // of the same target never share a temporary file.
        string tempPath = Path.Combine(directory, $"{TempFilePrefix}{Guid.NewGuid():N}-{Path.GetFileName(fullPath)}.partial");
        try
        {
            var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await writeContent(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

                // fsync before any rename: otherwise a crash can leave the new name pointing at
                // blocks that never reached the disk.
                stream.Flush(flushToDisk: true);
                return new StagedFile(tempPath, fullPath, stream.Length);
            }
        }
        catch
        {
            StagedFile.TryDelete(tempPath);
            throw;
        }
    }
}
