namespace FlowAnalytics.Tests.S3;

/// <summary>
/// A seekable in-memory stream that interrupts the reader once more than <c>after</c> bytes have been
/// read: it cancels a token (a user's Ctrl+C mid-upload) or throws an IOException (a failing disk).
/// </summary>
internal sealed class InterruptingStream(byte[] content, long after, CancellationTokenSource? cancel) : Stream
{
    private readonly MemoryStream _inner = new(content, writable: false);
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > after)
        {
            if (cancel is null)
            {
                throw new IOException("the disk went away");
            }

            cancel.Cancel();
        }

        return read;
    }
}
