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
}
