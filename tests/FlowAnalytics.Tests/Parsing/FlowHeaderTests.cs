using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Parsing;

public class FlowHeaderTests
{
    [Theory]
    [InlineData("version account-id interface-id", true)]
    [InlineData("account-id bytes dstaddr", true)]
    [InlineData("version future-field-9", true)]
    [InlineData("eni-0a1b 12 ACCEPT", false)]
    [InlineData("unknown eni-0a1b", false)]
    [InlineData("us-east-1 use1-az1", false)]
    [InlineData("version ACCEPT", false)]
    [InlineData("2 123456789010", false)]
    public void IsHeader_Line_TellsHeadersFromData(string line, bool expected)
    {
        Assert.Equal(expected, FlowHeader.IsHeader(Encoding.ASCII.GetBytes(line)));
    }

    [Theory]
    [InlineData("${version} ${account-id} ${interface-id}")]
    [InlineData("version account-id interface-id")]
    [InlineData("version,account_id, interface_id")]
    [InlineData("  ${version}\n${account-id}\t${interface-id} ")]
    public void ParseFormat_AwsSyntaxOrPlainNames_GivesTheSameLayout(string format)
    {
        Assert.Equal("version account-id interface-id", FlowHeader.ParseFormat(format).ToString());
    }

    [Theory]
    [InlineData("", "The format names no fields.")]
    [InlineData("${version", "Bad field '${version' in format: expected ${field-name}.")]
    [InlineData("$version", "Bad field '$version' in format: expected ${field-name} or a plain field name.")]
    [InlineData("${bytes} ${bytes}", "The format names a field twice.")]
    public void ParseFormat_BadText_ThrowsWithAClearMessage(string format, string message)
    {
        FormatException e = Assert.Throws<FormatException>(() => FlowHeader.ParseFormat(format));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ParseFormat_UnknownName_KeepsItAsAnUnknownColumn()
    {
        FlowLayout layout = FlowHeader.ParseFormat("${version} ${new-thing}");

        Assert.Equal(FlowField.Unknown, layout.Columns[1].Field);
        Assert.Equal("new-thing", layout.Columns[1].Name);
        Assert.Equal(1, layout.TextSlotCount);
    }
}
