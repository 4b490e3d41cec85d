using System.Buffers;
using System.IO.Pipelines;

namespace FlowAnalytics.Sources;

/// <summary>
/// Turns a raw object stream into decompressed flow-log text, deciding by content (the gzip magic
/// bytes), never by name: S3 keys and local copies are often misnamed.
/// </summary>
public static class FlowLogDecoder
{
    /// <summary>
    /// Pipe segments of 128 KiB: few lines cross a segment boundary, the text inflate has just
    /// written is still in the core's L2 when the reader parses it, and ISA-L copies its 32 KiB of
    /// history once per segment (64 KiB: 7% slower end to end on the 10M default bucket; 256 KiB:
    /// no better, v5 slower).
    /// </summary>
    public const int BufferSize = 128 * 1024;

    private static readonly StreamPipeReaderOptions PipeOptions = new(bufferSize: BufferSize, minimumReadSize: BufferSize / 4);

    /// <summary>
    /// Returns a reader of the decompressed text of <paramref name="stream"/> (gzip with one or
    /// several members, or plain), inflated by <paramref name="inflater"/>. Completing the
    /// returned reader disposes <paramref name="stream"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="inflater"/> is ISA-L and the machine lacks it.</exception>
    public static async ValueTask<DecodedInput> OpenAsync(
        Stream stream, GzipInflater inflater = GzipInflater.Auto, CancellationToken cancellationToken = default)
    {
        if (stream.CanSeek)
        {
            // Local files: peek and rewind, so gzip reads the file directly instead of through a
            // second pipe (each pipe read takes a lock and a buffer hop).
            byte[] magic = new byte[2];
            int read = await stream.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            stream.Seek(-read, SeekOrigin.Current);
            return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B
                ? new DecodedInput(PipeReader.Create(Inflate(stream, inflater), PipeOptions), FlowLogCompression.Gzip)
                : new DecodedInput(PipeReader.Create(stream, PipeOptions), FlowLogCompression.None);
        }

        PipeReader raw = PipeReader.Create(stream, PipeOptions);
        ReadResult result = await raw.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (result.Buffer.Length < 2 && !result.IsCompleted)
        {
            raw.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await raw.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        bool gzip = IsGzip(result.Buffer);
        raw.AdvanceTo(result.Buffer.Start);
        if (!gzip)
        {
            return new DecodedInput(raw, FlowLogCompression.None);
        }

        Stream inflated = Inflate(raw.AsStream(), inflater);
        return new DecodedInput(PipeReader.Create(inflated, PipeOptions), FlowLogCompression.Gzip);
    }

    /// <summary>The inflater <paramref name="requested"/> resolves to on this machine.</summary>
    /// <exception cref="InvalidOperationException">ISA-L is requested and the machine lacks it.</exception>
    public static GzipInflater Resolve(GzipInflater requested) => requested switch
    {
        GzipInflater.Auto => IsalLibrary.IsAvailable ? GzipInflater.Isal : GzipInflater.Zlib,
        GzipInflater.Isal when !IsalLibrary.IsAvailable => throw new InvalidOperationException(
            $"ISA-L inflate was asked for, but {IsalLibrary.Name} is not on this machine or failed its self-test (Debian/Ubuntu: apt-get install libisal2)."),
        _ => requested,
    };

    private static Stream Inflate(Stream compressed, GzipInflater inflater) =>
        Resolve(inflater) == GzipInflater.Isal ? new IsalGzipStream(compressed) : new CompleteGzipStream(compressed);

    private static bool IsGzip(in ReadOnlySequence<byte> head)
    {
        if (head.Length < 2)
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[2];
        head.Slice(0, 2).CopyTo(magic);
        return magic[0] == 0x1F && magic[1] == 0x8B;
    }
}

/// <summary>How an input was compressed.</summary>
public enum FlowLogCompression : byte
{
    /// <summary>Plain text.</summary>
    None,
    /// <summary>gzip (one or several members).</summary>
    Gzip,
}

/// <summary>Decompressed text of one input and how it was stored.</summary>
public readonly record struct DecodedInput(PipeReader Reader, FlowLogCompression Compression);
