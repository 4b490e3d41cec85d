namespace FlowAnalytics.Parquet;

/// <summary>
/// Parquet is read from its footer backwards, so it needs random access. A seekable stream (a local
/// file) is used as it is; any other (an S3 response body) is copied to a temporary file first,
/// deleted when closed. A copy that fails part way throws the stream's own exception, so the job
/// can retry a reset connection as it does for text.
/// </summary>
internal static class SeekableInput
{
    private const int CopyBufferSize = 1 << 16;

    /// <summary>Returns a seekable stream of <paramref name="stream"/>'s bytes; takes ownership of <paramref name="stream"/>.</summary>
    public static async ValueTask<Stream> OpenAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (stream.CanSeek)
        {
            return stream;
        }

        string path = Path.Combine(Path.GetTempPath(), $"flowanalytics-{Guid.NewGuid():N}.parquet");
        var copy = new FileStream(
            path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBufferSize,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await stream.CopyToAsync(copy, CopyBufferSize, cancellationToken).ConfigureAwait(false);
            }

            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
