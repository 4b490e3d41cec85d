using Amazon.S3.Model;
using FlowAnalytics.Sources;

namespace FlowAnalytics.S3;

/// <summary>
/// The body of a GetObject response as it arrives over the connection (nothing is buffered whole),
/// owning the response: disposing the stream releases the connection.
/// </summary>
internal sealed class S3ObjectStream(GetObjectResponse response) : ForwardOnlyStream
{
    private readonly Stream _body = response.ResponseStream;

    public override long Length => response.ContentLength;

    public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _body.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _body.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _body.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
