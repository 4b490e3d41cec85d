using System.IO.Compression;

namespace FlowAnalytics.Sources;

/// <summary>
/// Decompresses gzip and fails, instead of ending quietly, when the input stops inside a member:
/// a truncated object raises <see cref="InvalidDataException"/> at its end, so the job counts none
/// of it (see <see cref="GzipEndCheck"/>).
/// </summary>
public sealed class CompleteGzipStream(Stream compressed) : ForwardOnlyStream
{
    /// <summary>Why an object whose gzip stops inside a member fails (both inflaters say it).</summary>
    internal const string TruncatedMessage = "truncated: the data ends inside a gzip member, before its checksum";

    private readonly GZipStream _gzip = new(compressed, CompressionMode.Decompress);

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => CheckEnd(_gzip.Read(buffer), buffer.Length);

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        CheckEnd(await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private int CheckEnd(int read, int requested)
    {
        if (read == 0 && requested > 0 && GzipEndCheck.IsComplete(_gzip) == false)
        {
            throw new InvalidDataException(TruncatedMessage);
        }

        return read;
    }
}
