using System.IO.Compression;
using System.Text;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Tests.Sources;

public class FlowLogDecoderTests
{
    private const string Line = "2 123456789010 eni-1235b8ca123456789 1.2.3.4 5.6.7.8 1 2 6 1 10 1418530010 1418530070 ACCEPT OK\n";

    [Fact]
    public async Task OpenAsync_GzipWithSeveralMembers_ReadsEveryMember()
    {
        byte[] input = [.. Gzip(Line + Line), .. Gzip(Line), .. Gzip("")];

        FileInspection result = await FileInspector.InspectAsync("multi.gz", new MemoryStream(input), FlowLayout.Default);

        Assert.Equal(FlowLogCompression.Gzip, result.Compression);
        Assert.Equal(3, result.Records);
        Assert.Null(result.Failure);
    }

    [Fact]
    public async Task OpenAsync_PlainTextNamedGz_IsReadAsPlainText()
    {
        FileInspection result = await FileInspector.InspectAsync("misnamed.log.gz", new MemoryStream(Encoding.ASCII.GetBytes(Line)), FlowLayout.Default);

        Assert.Equal(FlowLogCompression.None, result.Compression);
        Assert.Equal(1, result.Records);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task OpenAsync_EmptyOrOneByteInput_ReadsNothingWithoutFailing(int length)
    {
        FileInspection result = await FileInspector.InspectAsync("tiny", new MemoryStream(new byte[length]), FlowLayout.Default);

        Assert.Equal(0, result.Records);
        Assert.Null(result.Failure);
    }

    [Fact]
    public async Task OpenAsync_CorruptGzip_ReportsAFailureWithTheRecordsBeforeIt()
    {
        byte[] good = Gzip(string.Concat(Enumerable.Repeat(Line, 1000)));
        byte[] corrupt = [.. good[..20], .. new byte[200], .. good[20..]];

        FileInspection result = await FileInspector.InspectAsync("bad.gz", new MemoryStream(corrupt), FlowLayout.Default);

        Assert.NotNull(result.Failure);
        Assert.StartsWith("corrupt gzip", result.Failure);
    }

    [Fact]
    public void IsSupported_ThisRuntime_CanTellATruncatedGzipFromAWholeOne()
    {
        Assert.True(GzipEndCheck.IsSupported);
    }

    [Fact]
    public async Task OpenAsync_GzipCutAnywhere_FailsWithTruncatedInsteadOfEndingQuietly()
    {
        byte[] whole = [.. Gzip(string.Concat(Enumerable.Repeat(Line, 2000))), .. Gzip(Line)];
        for (int cut = 2; cut < whole.Length; cut += Math.Max(1, whole.Length / 97))
        {
            FileInspection result = await FileInspector.InspectAsync("cut.gz", new MemoryStream(whole[..cut]), FlowLayout.Default);

            Assert.True(result.Failure is not null, $"cut at {cut} of {whole.Length} read {result.Records} records without failing");
        }

        FileInspection complete = await FileInspector.InspectAsync("whole.gz", new MemoryStream(whole), FlowLayout.Default);
        Assert.Null(complete.Failure);
        Assert.Equal(2001, complete.Records);
    }

    private static byte[] Gzip(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes(text));
        }

        return output.ToArray();
    }
}
