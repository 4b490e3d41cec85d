using System.Net;
using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Parsing;

public class AddressParserTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.100.200")]
    [InlineData("::")]
    [InlineData("1::")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("2001:db8:0:0:0:0:2:1")]
    [InlineData("1:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:1.2.3.4")]
    public void TryParse_ValidText_MatchesTheBcl(string text)
    {
        Assert.True(AddressParser.TryParse(Encoding.ASCII.GetBytes(text), out FlowAddress address));
        Assert.Equal(FlowAddress.From(IPAddress.Parse(text)), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.")]
    [InlineData(".1.2.3.4")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.4444")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.-4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("12345::1")]
    [InlineData(":1::2")]
    [InlineData("1::2::3")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("g::1")]
    [InlineData("1:")]
    public void TryParse_InvalidText_IsRejected(string text)
    {
        Assert.False(AddressParser.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }
}
