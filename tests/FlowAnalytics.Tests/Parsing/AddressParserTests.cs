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

    [Fact]
    public void IPv6InLine_RandomAddressesInEveryForm_MatchTheByteLoop()
    {
        var random = new Random(13);
        for (int trial = 0; trial < 50_000; trial++)
        {
            var groups = new string[8];
            for (int g = 0; g < 8; g++)
            {
                // Zero groups often, so "::" forms come up; leading zeros and capitals sometimes.
                int value = random.Next(4) == 0 ? 0 : random.Next(random.Next(2) == 0 ? 0x100 : 0x10000);
                string digits = random.Next(5) == 0 ? value.ToString("x4") : value.ToString("x");
                groups[g] = random.Next(10) == 0 ? digits.ToUpperInvariant() : digits;
            }

            string text = string.Join(':', groups);
            text = random.Next(6) switch
            {
                0 => new IPAddress(Convert.FromHexString(string.Concat(groups.Select(g => g.PadLeft(4, '0'))))).ToString(),
                1 => Mangle(text, random),
                _ => text,
            };
            AssertIPv6Agrees(text);
        }
    }

    [Theory]
    [InlineData("1:2:3:4:5:6:7:8")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData(":1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:")]
    [InlineData("12345:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:7:12345")]
    [InlineData("1:2:3:4:5:6:1.2.3.4")]
    [InlineData("1:2:3:4:5:6:7:g")]
    [InlineData("1:2:3:4:5:6:7: 8")]
    public void IPv6InLine_EdgeForms_MatchTheByteLoop(string text)
    {
        AssertIPv6Agrees(text);
    }

    private static string Mangle(string text, Random random)
    {
        char[] chars = text.ToCharArray();
        chars[random.Next(chars.Length)] = ":.g0 "[random.Next(5)];
        return new string(chars);
    }

    private static void AssertIPv6Agrees(string text)
    {
        byte[] line = Encoding.ASCII.GetBytes("2 123456789010 eni-1235b8ca123456789 " + text + " 443 49152 6 10 8400 1700000000 1700000060 ACCEPT OK");
        int start = 37;
        bool expected = AddressParser.TryParseIPv6(Encoding.ASCII.GetBytes(text), out FlowAddress byteLoop);
        // On a CPU with vectors (every CI machine) eight-group text goes through the vector parser.
        bool actual = AddressParser.TryParseIPv6(line, start, start + text.Length, out FlowAddress vector);
        Assert.True(expected == actual, $"'{text}': byte loop {expected}, in line {actual}");
        if (expected)
        {
            Assert.Equal(byteLoop, vector);
        }
    }
}
