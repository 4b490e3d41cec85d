using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Tests.Sampling;

public sealed class SampleRecordFormatsTests
{
    private const string V5Header =
        "version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id " +
        "interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr " +
        "pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status";

    [Fact]
    public void Fields_V5_IsTheAgreedCustomOrder()
    {
        using var memory = new MemoryStream();

        SampleBucketGenerator.WriteRecords(memory, 10, seed: 1, SampleRecordFormat.V5);

        string[] lines = Encoding.ASCII.GetString(memory.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(V5Header, lines[0]);
        Assert.Equal(V5Header, FlowHeader.ParseFormat(V5Header).ToString());
        Assert.Equal(29, SampleRecordFormats.Fields(SampleRecordFormat.V5).Length);
        Assert.All(lines[1..], line => Assert.StartsWith("5 ", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("default", true, SampleRecordFormat.Default)]
    [InlineData("V5", true, SampleRecordFormat.V5)]
    [InlineData("v4", false, SampleRecordFormat.V5)]
    [InlineData(null, false, SampleRecordFormat.V5)]
    public void TryParse_Name_ReturnsTheFormat(string? text, bool parsed, SampleRecordFormat expected)
    {
        Assert.Equal(parsed, SampleRecordFormats.TryParse(text, out SampleRecordFormat format));
        if (parsed)
        {
            Assert.Equal(expected, format);
        }
    }
}
