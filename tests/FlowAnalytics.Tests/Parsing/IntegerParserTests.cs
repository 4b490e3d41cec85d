using System.Text;
using FlowAnalytics.Parsing;

namespace FlowAnalytics.Tests.Parsing;

public class IntegerParserTests
{
    [Fact]
    public void Parse_EveryLengthAndPosition_SwarPathAgreesWithTheByteLoop()
    {
        var random = new Random(11);
        for (int n = 0; n < 20_000; n++)
        {
            int length = random.Next(1, 21);
            var token = new StringBuilder();
            for (int i = 0; i < length; i++)
            {
                token.Append((char)('0' + random.Next(10)));
            }

            if (random.Next(3) == 0)
            {
                // A non-digit anywhere: '/' and ':' sit just outside '0'..'9'.
                token[random.Next(length)] = "/:a -\u00e9"[random.Next(6)];
            }

            string prefix = new('x', random.Next(0, 20));
            string suffix = new('y', random.Next(0, 20));
            byte[] line = Encoding.Latin1.GetBytes(prefix + token + suffix);
            long max = random.Next(2) == 0 ? long.MaxValue : 65535;

            FieldParseStatus expected = IntegerParser.Parse(line.AsSpan(prefix.Length, length), max, out long expectedValue);
            FieldParseStatus actual = IntegerParser.Parse(line, prefix.Length, prefix.Length + length, max, out long actualValue);

            Assert.True(expected == actual, $"'{token}' in '{prefix}{token}{suffix}': {expected} vs {actual}");
            Assert.Equal(expectedValue, actualValue);
        }
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("00000000", 0)]
    [InlineData("12345678", 12345678)]
    [InlineData("1418530010", 1418530010)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Parse_Digits_GiveTheirValue(string digits, long value)
    {
        byte[] line = Encoding.ASCII.GetBytes("padding " + digits);

        Assert.Equal(FieldParseStatus.Ok, IntegerParser.Parse(line, 8, line.Length, long.MaxValue, out long parsed));
        Assert.Equal(value, parsed);
    }
}
