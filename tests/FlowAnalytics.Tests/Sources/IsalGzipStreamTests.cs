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
    // An empty member: .NET writes nothing at all for an empty input.
    private static readonly byte[] EmptyMember = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private const int IsalInflateStateInputBytes = 64 * 1024;

    private const string Line = "2 123456789010 eni-1235b8ca123456789 10.0.1.5 10.0.2.7 443 49152 6 10 840 1418530010 1418530070 ACCEPT OK\n";

    public Task InitializeAsync() => IsalInstall.EnsureAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Read_MembersWithHeaderFieldsAndAnEmptyMember_SameTextAsZlib()
    {
        byte[] input =
        [
            .. Member("extra+name+comment", Lines(3000)),
            .. EmptyMember,
            .. Member("name+hcrc", Line),
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

        byte[] actual = Inflate(new IsalGzipStream(new ChunkedStream(input, 1, 0)));

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

    /// <summary>The header kinds gzip writers produce: .NET's plain one, gzip(1)'s file name, and every optional field.</summary>
    public static TheoryData<string> HeaderKinds() => [.. Kinds];

    private static readonly string[] Kinds = ["plain", "name", "name+comment", "extra+name", "extra-odd", "hcrc", "name+hcrc", "extra+name+comment+hcrc"];

    [Theory]
    [MemberData(nameof(HeaderKinds))]
    public void Read_HeaderArrivingOneByteAtATime_SameOutcomeAsZlib(string kind)
    {
        byte[] input = [.. Member(kind, Lines(50)), .. Member(kind, Line)];

        Assert.True(SameOutcome(input, () => new ChunkedStream(input, 1, 0), out string detail), detail);
    }

    [Theory]
    [MemberData(nameof(HeaderKinds))]
    public void Read_SecondHeaderSplitAtEveryByte_SameOutcomeAsZlib(string kind)
    {
        // ISA-L's own header reading lost the header CRC of a header split over two reads: the
        // headers are read by GzipHeaderReader now.
        byte[] first = Gzip(Lines(5));
        byte[] input = [.. first, .. Member(kind, Lines(50))];
        for (int cut = first.Length; cut < first.Length + 60; cut++)
        {
            Assert.True(SameOutcome(input, () => new SplitStream(input, cut), out string detail), $"cut at {cut}: {detail}");
        }
    }

    [Fact]
    public void Read_HeaderWithCrcAcrossTheInputBuffersEdge_SameTextAsZlib()
    {
        // A first member of ~64 KB (stored, random bytes) puts the second header across the
        // 64 KB input refill with whole reads from a MemoryStream.
        byte[] first = [];
        for (int n = 65_000; first.Length == 0; n++)
        {
            byte[] noise = new byte[n];
            new Random(1).NextBytes(noise);
            byte[] member = Gzip(noise, CompressionLevel.NoCompression);
            first = member.Length is >= IsalInflateStateInputBytes - 12 and <= IsalInflateStateInputBytes - 4 ? member : [];
            Assert.True(member.Length <= IsalInflateStateInputBytes, "no member size lands the header on the buffer's edge");
        }

        byte[] input = [.. first, .. Member("name+hcrc", Lines(100))];

        Assert.True(SameOutcome(input, () => new MemoryStream(input), out string detail), detail);
        Assert.Null(TryInflate(() => new IsalGzipStream(new MemoryStream(input))).Error);
    }

    [Theory]
    [InlineData(0x20, false)]
    [InlineData(0x40, false)]
    [InlineData(0x80, false)]
    [InlineData(0x20, true)]
    public void Read_ReservedHeaderFlags_FailsAsZlibFails(int flag, bool inSecondMember)
    {
        byte[] damaged = Gzip(Lines(3));
        damaged[3] |= (byte)flag;
        byte[] input = inSecondMember ? [.. Gzip(Lines(50)), .. damaged] : damaged;

        Assert.NotNull(TryInflate(() => new CompleteGzipStream(new MemoryStream(input))).Error);
        Assert.True(SameOutcome(input, () => new MemoryStream(input), out string detail), detail);
    }

    [Fact]
    public void Read_EveryBitOfBothHeadersAndTrailersFlipped_SameOutcomeAsZlib()
    {
        byte[] a = Gzip(Lines(50));
        byte[] whole = [.. a, .. Gzip(Lines(3))];
        var positions = new List<int>();
        for (int i = 0; i < 10; i++)
        {
            positions.AddRange([i, a.Length + i]);
        }

        for (int i = 1; i <= 8; i++)
        {
            positions.AddRange([a.Length - i, whole.Length - i]);
        }

        foreach (int at in positions)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] input = (byte[])whole.Clone();
                input[at] ^= (byte)(1 << bit);
                Assert.True(SameOutcome(input, () => new MemoryStream(input), out string detail), $"byte {at} bit {bit}: {detail}");
            }
        }
    }

    [Fact]
    public void Read_RandomMembersInRandomPieces_SameOutcomeAsZlib()
    {
        var random = new Random(11);
        string[] kinds = Kinds;
        for (int trial = 0; trial < 300; trial++)
        {
            var parts = new List<byte>();
            for (int m = random.Next(1, 6); m > 0; m--)
            {
                parts.AddRange(random.Next(8) == 0 ? EmptyMember : Member(kinds[random.Next(kinds.Length)], Lines(random.Next(0, 30))));
            }

            byte[] input = [.. parts];
            int largest = random.Next(1, 40);
            int seed = random.Next();
            Assert.True(SameOutcome(input, () => new ChunkedStream(input, largest, seed), out string detail), $"trial {trial}: {detail}");
        }
    }

    [Fact]
    public void Read_ThousandsOfTinyMembers_SameTextAsZlib()
    {
        var parts = new List<byte>();
        for (int i = 0; i < 2000; i++)
        {
            parts.AddRange(i % 2 == 0 ? EmptyMember : Gzip(Line));
        }

        byte[] input = [.. parts];

        Assert.True(SameOutcome(input, () => new MemoryStream(input), out string whole), whole);
        Assert.True(SameOutcome(input, () => new ChunkedStream(input, 7, 1), out string pieces), pieces);
    }

    [Fact]
    public void Read_ManyStreamsAtOnce_EachItsOwnText()
    {
        byte[][] inputs = [.. Enumerable.Range(0, 8).Select(i => (byte[])[.. Gzip(Lines(500 + (i * 37))), .. Gzip(Lines(i + 1))])];
        byte[][] expected = [.. inputs.Select(input => Inflate(new CompleteGzipStream(new MemoryStream(input))))];
        int wrong = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            byte[] input = inputs[n % inputs.Length];
            (byte[]? text, _) = TryInflate(() => new IsalGzipStream(new ChunkedStream(input, 5000, n)));
            if (text is null || !text.AsSpan().SequenceEqual(expected[n % inputs.Length]))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void Read_AfterDispose_ThrowsInsteadOfReadingAnotherObjectsState()
    {
        byte[] input = Gzip(Lines(3000));
        var disposed = new IsalGzipStream(new MemoryStream(input));
        disposed.ReadExactly(new byte[100]);
        disposed.Dispose();
        using var live = new IsalGzipStream(new MemoryStream(input));
        live.ReadExactly(new byte[100]);

        Assert.Throws<ObjectDisposedException>(() => disposed.Read(new byte[5000], 0, 5000));
        Assert.Equal(Encoding.ASCII.GetBytes(Lines(3000))[100..], Inflate(live));
    }

    [Fact]
    public void Read_EmptySpanFirst_LaterReadsAreNotCapped()
    {
        using var stream = new IsalGzipStream(new MemoryStream(Gzip(Lines(2000))));

        Assert.Equal(0, stream.Read(Span<byte>.Empty));
        Assert.True(stream.Read(new byte[FlowLogDecoder.BufferSize].AsSpan()) > 1000);
    }

    private static bool SameOutcome(byte[] input, out string detail) => SameOutcome(input, () => new MemoryStream(input), out detail);

    // zlib reads the whole input; ISA-L reads it as `open` delivers it.
    private static bool SameOutcome(byte[] input, Func<Stream> open, out string detail)
    {
        (byte[]? expected, string? expectedError) = TryInflate(() => new CompleteGzipStream(new MemoryStream(input)));
        (byte[]? actual, string? actualError) = TryInflate(() => new IsalGzipStream(open()));
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

    private static byte[] Gzip(string text) => Gzip(Encoding.ASCII.GetBytes(text), CompressionLevel.Optimal);

    private static byte[] Gzip(byte[] text, CompressionLevel level)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, level, leaveOpen: true))
        {
            gzip.Write(text);
        }

        return compressed.ToArray();
    }

    // A member with the optional header fields of RFC 1952 that `kind` names (extra, name,
    // comment, hcrc; "extra-odd" for an odd extra length), spliced in after .NET's 10-byte
    // header, which never has them (gzip(1) writes the name).
    private static byte[] Member(string kind, string text)
    {
        byte[] member = text.Length == 0 ? EmptyMember : Gzip(text);
        bool extra = kind.Contains("extra", StringComparison.Ordinal);
        bool name = kind.Contains("name", StringComparison.Ordinal);
        bool comment = kind.Contains("comment", StringComparison.Ordinal);
        bool headerCrc = kind.Contains("hcrc", StringComparison.Ordinal);
        var header = new List<byte>(member[..10]);
        header[3] = (byte)((headerCrc ? 2 : 0) | (extra ? 4 : 0) | (name ? 8 : 0) | (comment ? 16 : 0));
        if (extra)
        {
            int length = kind.Contains("odd", StringComparison.Ordinal) ? 7 : 6;
            header.AddRange([(byte)length, 0]);
            header.AddRange(Enumerable.Range(0, length).Select(i => (byte)('A' + i)));
        }

        if (name)
        {
            header.AddRange([.. "flows-2026.log"u8, 0]);
        }

        if (comment)
        {
            header.AddRange([.. "a comment"u8, 0]);
        }

        if (headerCrc)
        {
            uint crc = Crc32([.. header]);
            header.AddRange([(byte)crc, (byte)(crc >> 8)]);
        }

        return [.. header, .. member[10..]];
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
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

    /// <summary>A stream that returns at most `largest` bytes per read (1 to `largest` at random when seeded), as a slow connection may.</summary>
    private sealed class ChunkedStream(byte[] bytes, int largest, int seed) : MemoryStream(bytes)
    {
        private readonly Random _random = new(seed);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, Next()));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, Next())]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, Next())], cancellationToken);

        private int Next() => largest == 1 ? 1 : _random.Next(1, largest + 1);
    }

    /// <summary>A stream whose reads stop once at byte `cut`.</summary>
    private sealed class SplitStream(byte[] bytes, int cut) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Limit(count));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Limit(buffer.Length)]);

        private int Limit(int count) => Position < cut ? (int)Math.Min(count, cut - Position) : count;
    }
}
