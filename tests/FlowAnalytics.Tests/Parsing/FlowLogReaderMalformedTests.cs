using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Parsing;

public class FlowLogReaderMalformedTests
{
    private const string Good = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

    [Theory]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT", "too few fields")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK extra", "too many fields")]
    [InlineData("x 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad number in version")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 -5 1418530010 1418530070 ACCEPT OK", "bad number in bytes")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4.5 1418530010 1418530070 ACCEPT OK", "bad number in bytes")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 65536 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "number out of range in srcport")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 256 20 4249 1418530010 1418530070 ACCEPT OK", "number out of range in protocol")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 9223372036854775808 1418530010 1418530070 ACCEPT OK", "number out of range in bytes")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 99999999999999999999999 1418530010 1418530070 ACCEPT OK", "number out of range in bytes")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.256 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad address in srcaddr")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad address in srcaddr")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 2001:db8:::1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad address in dstaddr")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 1:2:3:4:5:6:7:8:9 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad address in dstaddr")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 1::2::3 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad address in dstaddr")]
    [InlineData("2 123456789010 nat-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad id in interface-id")]
    [InlineData("2 123456789010 eni-1235b8ca12345678900 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad id in interface-id")]
    [InlineData("2 123456789010 eni-12g5 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad id in interface-id")]
    [InlineData("2 1234567890123 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad account id in account-id")]
    [InlineData("2 12345678901a eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad account id in account-id")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ALLOW OK", "bad value in action")]
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT ok", "bad value in log-status")]
    // Two bad columns of different kinds: the error names the first in line order, whichever kind
    // the parser types first.
    [InlineData("2 123456789010 eni-1235b8ca123456789 172.31.16.256 172.31.16.21 20641 22 6 20 4.5 1418530010 1418530070 ACCEPT OK", "bad address in srcaddr")]
    [InlineData("2 12345678901a eni-1235b8ca123456789 172.31.16.139 172.31.16.21 x 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "bad account id in account-id")]
    [InlineData("x 123456789010 eni-12g5 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ALLOW OK", "bad number in version")]
    public async Task ReadBatchAsync_MalformedLine_RejectsItWithTheExactReasonAndKeepsTheNext(string bad, string reason)
    {
        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(bad + "\n" + Good + "\n"));

        Assert.Equal([$"1: {reason}"], result.Errors);
        Assert.Single(result.Records);
        Assert.StartsWith("2:", result.Records[0]);
    }

    [Fact]
    public async Task ReadBatchAsync_InvalidUtf8_RejectsTheLine()
    {
        byte[] bad = [.. Encoding.ASCII.GetBytes("2 123456789010 eni-1 1.1.1.1 1.1.1.1 1 1 6 1 1 1 1 ACCEPT "), 0xC3, 0x28, (byte)'\n'];
        byte[] input = [.. bad, .. Encoding.ASCII.GetBytes(Good + "\n")];

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(input));

        Assert.Equal(["1: invalid UTF-8"], result.Errors);
        Assert.Single(result.Records);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadBatchAsync_LineLongerThan64KiB_IsRejectedAndReadingGoesOn(int chunk)
    {
        string longLine = Good + " " + new string('x', FlowLogReaderOptions.DefaultMaxLineLength);
        byte[] input = Encoding.ASCII.GetBytes(Good + "\n" + longLine + "\n" + Good + "\n");

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Trickle(input, chunk == 1 ? 1000 : chunk));

        Assert.Equal(["2: line too long (>64 KiB)"], result.Errors);
        Assert.Equal(2, result.Records.Count);
        Assert.StartsWith("3:", result.Records[1]);
    }

    [Fact]
    public async Task ReadBatchAsync_LineOfExactlyTheLimit_IsAccepted()
    {
        string format = "${version} ${future}";
        string line = "2 " + new string('y', FlowLogReaderOptions.DefaultMaxLineLength - 2);

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(line + "\r\n"), FlowHeader.ParseFormat(format));

        Assert.Empty(result.Errors);
        Assert.Single(result.Records);
    }

    [Fact]
    public async Task ReadBatchAsync_HeaderNamingAFieldTwice_IsABadHeader()
    {
        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole("version bytes bytes\n2 1 1\n"));

        Assert.Equal("1: bad header (repeated field name)", result.Errors[0]);
    }

    [Fact]
    public async Task ReadBatchAsync_ManyErrors_CountsAllButKeepsOnlyTheSampleLimit()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            text.Append("garbage line\n");
        }

        var errors = new FlowErrorLog(samplesPerMessage: 5);
        await using var reader = new FlowLogReader(SegmentedInput.Whole(text.ToString()), new FlowLogReaderOptions { Errors = errors });
        while (await reader.ReadBatchAsync(new FlowRecordBatch()))
        {
        }

        Assert.Equal(1000, errors.Total);
        Assert.Equal(1000, errors.Counts["too few fields"]);
        Assert.Equal(5, errors.Samples.Count);
        Assert.Equal("line 1: too few fields: garbage line", errors.Samples[0].ToString());
    }
}
