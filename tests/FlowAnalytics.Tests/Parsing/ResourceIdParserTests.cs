using System.Globalization;
using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Parsing;

public class ResourceIdParserTests
{
    [Fact]
    public void TryParse_RandomIdsOfEveryLength_MatchTheBclValue()
    {
        var random = new Random(17);
        for (int n = 0; n < 5_000; n++)
        {
            int digits = random.Next(1, ResourceId.MaxDigits + 1);
            var hex = new StringBuilder();
            for (int i = 0; i < digits; i++)
            {
                char c = "0123456789abcdefABCDEF"[random.Next(22)];
                hex.Append(c);
            }

            byte[] text = Encoding.ASCII.GetBytes("eni-" + hex);

            Assert.True(ResourceIdParser.TryParse(text, "eni-"u8, out ResourceId id), hex.ToString());
            Assert.Equal(UInt128.Parse(hex.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), id.Value.ToUInt128());
            Assert.Equal(digits, id.Digits);
            Assert.Equal(id, ResourceId.Parse("eni-" + hex, "eni-"));
        }
    }

    [Fact]
    public void TryParse_ABadByteAtAnyPositionOfALongId_IsRejected()
    {
        const string good = "0123456789abcdef0";
        foreach (char bad in "g/:@`G \u00e9-")
        {
            for (int at = 0; at < good.Length; at++)
            {
                string text = "eni-" + good[..at] + bad + good[(at + 1)..];

                Assert.False(ResourceIdParser.TryParse(Encoding.Latin1.GetBytes(text), "eni-"u8, out _), text);
            }
        }
    }

    [Fact]
    public void TryParseInLine_RandomIdsAndMangledOnes_MatchTheByteLoop()
    {
        string[] prefixes = ["eni-", "vpc-", "subnet-", "i-"];
        const string alphabet = "0123456789abcdefABCDEFgG-/:@` \u00e9";
        var random = new Random(23);
        for (int trial = 0; trial < 100_000; trial++)
        {
            string prefix = prefixes[random.Next(prefixes.Length)];
            var text = new StringBuilder(random.Next(8) == 0 ? prefixes[random.Next(prefixes.Length)] : prefix);
            int digits = random.Next(0, ResourceId.MaxDigits + 3);
            for (int i = 0; i < digits; i++)
            {
                text.Append(random.Next(10) == 0 ? alphabet[random.Next(alphabet.Length)] : alphabet[random.Next(22)]);
            }

            AssertAgrees(prefix, text.ToString(), before: new string('x', random.Next(0, 20)), after: new string('y', random.Next(0, 10)));
        }
    }

    [Theory]
    [InlineData("eni-0123456789abcdef0")]
    [InlineData("eni-fFfFfFfFfFfFfFfFf")]
    [InlineData("eni-0")]
    [InlineData("i-1a2b3c4d")]
    [InlineData("subnet-0123456789abcdef")]
    [InlineData("eni-")]
    [InlineData("eni-0123456789abcdef01")]
    [InlineData("enx-0123456789abcdef0")]
    [InlineData("eni-g123456789abcdef0")]
    [InlineData("eni-0123456789abcdefg")]
    public void TryParseInLine_EdgeForms_MatchTheByteLoop(string text)
    {
        string prefix = text.StartsWith("subnet-", StringComparison.Ordinal) ? "subnet-" : text.StartsWith("i-", StringComparison.Ordinal) ? "i-" : "eni-";
        AssertAgrees(prefix, text, before: "vpc-0123456789abcdef0 ", after: " 443 49152 6 10 8400");
        AssertAgrees(prefix, text, before: "", after: "");
    }

    private static void AssertAgrees(string prefix, string text, string before, string after)
    {
        byte[] prefixBytes = Encoding.ASCII.GetBytes(prefix);
        byte[] line = Encoding.Latin1.GetBytes(before + text + after);
        bool scalar = ResourceIdParser.TryParse(Encoding.Latin1.GetBytes(text), prefixBytes, out ResourceId expected);
        // Where the field's loads stay inside the line (most fields), this is the vector parser.
        bool vector = ResourceIdParser.TryParse(line, before.Length, before.Length + text.Length, VectorIdParser.PrefixWord(prefixBytes), prefix.Length, out ResourceId actual);
        Assert.True(scalar == vector, $"'{text}' after '{before}': byte loop {scalar}, in line {vector}");
        Assert.Equal(expected, actual);
    }
}
