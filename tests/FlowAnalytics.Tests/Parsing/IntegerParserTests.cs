using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

    [Fact]
    public void TryParseFour_RandomFields_AgreesWithParsingEachAlone()
    {
        if (!Avx512BW.IsSupported)
        {
            // Without AVX-512 the reader never takes this path; it types every field alone.
            Assert.False(IntegerParser.FourAtOnce);
            return;
        }

        var random = new Random(29);
        long[] maxima = [255, 65535, 0x1FF, long.MaxValue];
        for (int trial = 0; trial < 50_000; trial++)
        {
            var text = new StringBuilder("x");
            var starts = new int[4];
            var lengths = new int[4];
            var max = new long[4];
            for (int k = 0; k < 4; k++)
            {
                text.Append(' ');
                starts[k] = text.Length;
                lengths[k] = random.Next(1, 17);
                for (int i = 0; i < lengths[k]; i++)
                {
                    text.Append(random.Next(40) == 0 ? "-/:a"[random.Next(4)] : (char)('0' + random.Next(10)));
                }

                max[k] = maxima[random.Next(maxima.Length)];
            }

            text.Append(' ', 16);
            byte[] line = Encoding.ASCII.GetBytes(text.ToString());
            var expected = new long[4];
            bool allOk = true;
            for (int k = 0; k < 4; k++)
            {
                allOk &= IntegerParser.Parse(line.AsSpan(starts[k], lengths[k]), max[k], out expected[k]) == FieldParseStatus.Ok;
            }

            var maximaVector = Vector512.Create(
                (ulong)max[0], (ulong)max[0], (ulong)max[1], (ulong)max[1], (ulong)max[2], (ulong)max[2], (ulong)max[3], (ulong)max[3]);
            bool ok = IntegerParser.TryParseFour(
                line, starts[0], starts[1], starts[2], starts[3], lengths[0], lengths[1], lengths[2], lengths[3], maximaVector, out var values);

            Assert.True(allOk == ok, $"'{text}': one by one {allOk}, four at once {ok}");
            if (ok)
            {
                for (int k = 0; k < 4; k++)
                {
                    Assert.Equal(expected[k], (long)values.GetElement(2 * k));
                }
            }
        }
    }
}
