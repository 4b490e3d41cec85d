using System.Text;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Parsing;

/// <summary>
/// Kestrel-style framing: the same input cut at every point, in one-byte segments and trickled
/// through a pipe must read exactly as the whole input does.
/// </summary>
public class FlowLogReaderFramingTests
{
    private const string Input =
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\r\n"
        + "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
        + "\n"
        + "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA\n"
        + "bad line\n"
        + "2 123456789010 eni-1235b8ca123456789 2001:db8::1 2001:db8::2 34892 22 6 54 8855 1477913708 1477913820 REJECT OK  \n"
        + "version interface-id bytes\n"
        + "2 eni-0a 7";

    private static readonly byte[] Bytes = Encoding.UTF8.GetBytes(Input);

    public static TheoryData<int> SplitPoints()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i <= Bytes.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SplitPoints))]
    public async Task ReadBatchAsync_InputSplitAtEveryPoint_ReadsAsTheWholeInput(int split)
    {
        ReadResultSummary expected = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(Bytes));

        ReadResultSummary actual = await ReadResultSummary.ReadAsync(
            SegmentedInput.FromSegments([Bytes[..split], [], Bytes[split..]]));

        Assert.Equal(expected.Records, actual.Records);
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.Lines, actual.Lines);
    }

    [Fact]
    public async Task ReadBatchAsync_OneByteSegments_ReadsAsTheWholeInput()
    {
        ReadResultSummary expected = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(Bytes));

        ReadResultSummary actual = await ReadResultSummary.ReadAsync(SegmentedInput.OneByteSegments(Bytes));

        Assert.Equal(4, expected.Records.Count);
        Assert.Equal(["5: too few fields"], expected.Errors);
        Assert.Equal(expected.Records, actual.Records);
        Assert.Equal(expected.Errors, actual.Errors);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(13)]
    [InlineData(100)]
    public async Task ReadBatchAsync_TrickledThroughAPipe_ReadsAsTheWholeInput(int chunk)
    {
        ReadResultSummary expected = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(Bytes));

        ReadResultSummary actual = await ReadResultSummary.ReadAsync(SegmentedInput.Trickle(Bytes, chunk));

        Assert.Equal(expected.Records, actual.Records);
        Assert.Equal(expected.Errors, actual.Errors);
    }
}
