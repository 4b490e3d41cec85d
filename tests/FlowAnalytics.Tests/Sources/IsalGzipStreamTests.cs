using System.Buffers;
using System.IO.Compression;
using System.Text;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Sources;

/// <summary>
/// ISA-L's inflate against .NET's (zlib, <see cref="CompleteGzipStream"/>) as the reference twin:
/// the same text from every valid gzip, and a failure wherever the reference fails.
/// </summary>
public sealed class IsalGzipStreamTests : IAsyncLifetime
{
    private const string Line = "2 123456789010 eni-1235b8ca123456789 10.0.1.5 10.0.2.7 443 49152 6 10 840 1418530010 1418530070 ACCEPT OK\n";

    public Task InitializeAsync() => IsalInstall.EnsureAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Read_MembersWithNameCommentAndExtraFields_SameTextAsZlib()
    {
        byte[] first = Gzip(Lines(3000));
        byte[] input =
        [
            .. WithHeaderFields(first, name: "flows.log", comment: "delivered", extra: [1, 2, 3, 4]),
            .. Gzip(""),
            .. WithHeaderFields(Gzip(Line), name: "second.log", comment: null, extra: null),
        ];

        byte[] expected = Inflate(new CompleteGzipStream(new MemoryStream(input)));
        byte[] actual = Inflate(new IsalGzipStream(new MemoryStream(input)));

        Assert.Equal(Encoding.ASCII.GetBytes(Lines(3000) + Line), expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Read_CutAnywhere_FailsWhereZlibFailsAndReadsWhatItReads()
    {
        byte[] whole = [.. Gzip(Lines(500)), .. Gzip(Line)];
        for (int cut = 0; cut <= whole.Length; cut++)
        {
            byte[] input = whole[..cut];
            Assert.True(SameOutcome(input, out string detail), $"cut at {cut} of {whole.Length}: {detail}");
        }
    }

    [Fact]
    public void Read_DamagedBytes_FailsWhereZlibFailsAndReadsWhatItReads()
    {
        var random = new Random(7);
        byte[] whole = [.. Gzip(Lines(2000)), .. Gzip(Lines(10))];
        for (int i = 0; i < 400; i++)
        {
            byte[] input = (byte[])whole.Clone();
            int at = random.Next(input.Length);
            input[at] ^= (byte)(1 << random.Next(8));
            Assert.True(SameOutcome(input, out string detail), $"bit flipped at {at} of {whole.Length}: {detail}");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'g', (byte)'a', (byte)'r', (byte)'b', (byte)'a', (byte)'g', (byte)'e' })]
    [InlineData(new byte[] { 0x1F })]
    [InlineData(new byte[] { 0x1F, 0 })]
    [InlineData(new byte[] { 0x1F, 0x8B })]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0, 1, 2 })]
    public void Read_BytesAfterTheLastMember_SameOutcomeAsZlib(byte[] tail)
    {
        byte[] input = [.. Gzip(Lines(100)), .. tail];

        Assert.True(SameOutcome(input, out string detail), detail);
    }

    [Fact]
    public async Task ReadAsync_IntoMemoryWithoutAnArray_SameText()
    {
        byte[] input = Gzip(Lines(2000));
        using var stream = new IsalGzipStream(new MemoryStream(input));
        using var owner = new UnpinnableMemory(4000);
        var text = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(owner.Memory)) > 0)
        {
            text.Write(owner.Memory.Span[..read]);
        }

        Assert.Equal(Encoding.ASCII.GetBytes(Lines(2000)), text.ToArray());
    }

    [Fact]
    public void Read_IntoSpansOfOneByteAndMore_SameText()
    {
        byte[] input = [.. Gzip(Lines(50)), .. Gzip(Line)];
        using var stream = new IsalGzipStream(new MemoryStream(input));
        var text = new MemoryStream();
        Span<byte> buffer = stackalloc byte[97];
        int size = 1;
        int read;
        while ((read = stream.Read(buffer[..size])) > 0)
        {
            text.Write(buffer[..read]);
            size = (size % buffer.Length) + 1;
        }

        Assert.Equal(Encoding.ASCII.GetBytes(Lines(50) + Line), text.ToArray());
    }

    [Fact]
    public void Read_SecondMemberArrivingOneByteAtATime_ReadsBoth()
    {
        byte[] input = [.. Gzip(Lines(20)), .. Gzip(Line)];

        byte[] actual = Inflate(new IsalGzipStream(new TrickleStream(input)));

        Assert.Equal(Encoding.ASCII.GetBytes(Lines(20) + Line), actual);
    }

    [Fact]
    public void Dispose_Twice_TheStateServesOneStreamAtATime()
    {
        byte[] input = Gzip(Lines(300));
        var first = new IsalGzipStream(new MemoryStream(input));
        first.Dispose();
        first.Dispose();

        // Two streams open together, each with its own state: a state kept twice would be shared.
        using var a = new IsalGzipStream(new MemoryStream(input));
        using var b = new IsalGzipStream(new MemoryStream(input));
        byte[] fromA = new byte[1000];
        byte[] fromB = new byte[1000];
        a.ReadExactly(fromA);
        b.ReadExactly(fromB);

        Assert.Equal(Encoding.ASCII.GetBytes(Lines(300))[..1000], fromA);
        Assert.Equal(fromA, fromB);
        Assert.Equal(Encoding.ASCII.GetBytes(Lines(300))[1000..], Inflate(a));
    }

    private static bool SameOutcome(byte[] input, out string detail)
    {
        (byte[]? expected, string? expectedError) = TryInflate(() => new CompleteGzipStream(new MemoryStream(input)));
        (byte[]? actual, string? actualError) = TryInflate(() => new IsalGzipStream(new MemoryStream(input)));
        detail = $"zlib {(expectedError ?? $"{expected!.Length} bytes")}, ISA-L {(actualError ?? $"{actual!.Length} bytes")}";
        return expectedError is not null ? actualError is not null : actual is not null && expected!.AsSpan().SequenceEqual(actual);
    }

    private static (byte[]? Text, string? Error) TryInflate(Func<Stream> open)
    {
        try
        {
            return (Inflate(open()), null);
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
    }

    private static byte[] Inflate(Stream stream)
    {
        using (stream)
        {
            var text = new MemoryStream();
            stream.CopyTo(text);
            return text.ToArray();
        }
    }

    private static string Lines(int count) => string.Concat(Enumerable.Repeat(Line, count));

    private static byte[] Gzip(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes(text));
        }

        return compressed.ToArray();
    }

    // The optional header fields RFC 1952 allows and gzip(1) writes (the file name): .NET never
    // writes them, so they are spliced in after its 10-byte header.
    private static byte[] WithHeaderFields(byte[] member, string? name, string? comment, byte[]? extra)
    {
        var header = new List<byte>(member[..10]);
        header[3] = (byte)((extra is null ? 0 : 4) | (name is null ? 0 : 8) | (comment is null ? 0 : 16));
        if (extra is not null)
        {
            header.AddRange([(byte)extra.Length, 0, .. extra]);
        }

        foreach (string? field in new[] { name, comment })
        {
            if (field is not null)
            {
                header.AddRange([.. Encoding.ASCII.GetBytes(field), 0]);
            }
        }

        return [.. header, .. member[10..]];
    }

    /// <summary>Memory the stream cannot see an array behind: its pinned-copy path.</summary>
    private sealed class UnpinnableMemory(int length) : MemoryManager<byte>
    {
        private readonly byte[] _bytes = new byte[length];

        public override Span<byte> GetSpan() => _bytes;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override bool TryGetArray(out ArraySegment<byte> segment)
        {
            segment = default;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <summary>A stream that returns one byte per read, as a slow connection may.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
