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

    [Fact]
    public void IPv4InLine_EveryOctetLengthPattern_MatchesTheByteLoop()
    {
        var random = new Random(7);
        for (int pattern = 0; pattern < 81; pattern++)
        {
            for (int trial = 0; trial < 50; trial++)
            {
                var text = new StringBuilder();
                for (int octet = 0, rest = pattern; octet < 4; octet++, rest /= 3)
                {
                    int digits = 1 + (rest % 3);
                    // Up to 999 so octets above 255 are tried too.
                    text.Append(octet == 0 ? "" : ".").Append(random.Next((int)Math.Pow(10, digits)).ToString($"D{digits}"));
                }

                AssertAgrees(text.ToString());
            }
        }
    }

    [Fact]
    public void IPv4InLine_RandomText_MatchesTheByteLoop()
    {
        const string alphabet = "0123456789....-: a/";
        var random = new Random(11);
        for (int trial = 0; trial < 200_000; trial++)
        {
            var text = new StringBuilder();
            int length = random.Next(0, 18);
            for (int i = 0; i < length; i++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            AssertAgrees(text.ToString());
        }
    }

    private static void AssertAgrees(string text)
    {
        // Field text inside a longer line, as the reader passes it: bytes follow the field.
        byte[] line = Encoding.ASCII.GetBytes("x " + text + " 443 49152 6 10 8400 1700000000");
        bool scalar = AddressParser.TryParseIPv4(Encoding.ASCII.GetBytes(text), out uint expected);
        // On a CPU with SSSE3 (every x64 CI machine) this is the vector parser.
        bool vector = AddressParser.TryParseIPv4(line, 2, 2 + text.Length, out uint actual);
        Assert.True(scalar == vector, $"'{text}': byte loop {scalar}, vector {vector}");
        if (scalar)
        {
            Assert.Equal(expected, actual);
        }
    }
}
