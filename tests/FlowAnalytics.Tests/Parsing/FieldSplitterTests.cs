using System.Text;
using FlowAnalytics.Parsing;

namespace FlowAnalytics.Tests.Parsing;

public class FieldSplitterTests
{
    public static TheoryData<SplitKernel> Kernels()
    {
        var data = new TheoryData<SplitKernel>();
        foreach (SplitKernel kernel in Enum.GetValues<SplitKernel>())
        {
            if (SplitKernels.IsSupported(kernel))
            {
                data.Add(kernel);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Split_RunsOfSpacesAndEdges_YieldOnlyNonEmptyFields(SplitKernel kernel)
    {
        string line = "  a bb   ccc " + new string('d', 40) + "  e ";
        int[] bounds = new int[20];

        int count = FieldSplitter.Split(Encoding.ASCII.GetBytes(line), bounds, kernel, out _);

        Assert.Equal(5, count);
        Assert.Equal([2, 3, 4, 6, 9, 12, 13, 53, 55, 56], bounds[..10]);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Split_MoreFieldsThanRoom_ReturnsOneMoreThanRoom(SplitKernel kernel)
    {
        byte[] line = Encoding.ASCII.GetBytes(string.Join(' ', Enumerable.Range(0, 30)));

        Assert.Equal(11, FieldSplitter.Split(line, new int[20], kernel, out _));
        Assert.Equal(30, FieldSplitter.Split(line, new int[60], kernel, out _));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Split_RandomLines_MatchTheScalarKernel(SplitKernel kernel)
    {
        var random = new Random(20261126);
        for (int n = 0; n < 5000; n++)
        {
            byte[] line = new byte[random.Next(0, 300)];
            // Sometimes one-letter fields, so a 64-byte block holds more than 32 boundaries.
            int spaceOdds = random.Next(2) == 0 ? 3 : 2;
            for (int i = 0; i < line.Length; i++)
            {
                line[i] = random.Next(spaceOdds) == 0 ? (byte)' ' : (byte)('a' + random.Next(26));
            }

            if (line.Length > 0 && random.Next(4) == 0)
            {
                line[random.Next(line.Length)] = (byte)random.Next(0x80, 0x100);
            }

            // Sometimes room for every field, so the wide kernels never fall back to the bit walk.
            int room = random.Next(3) == 0 ? 512 : 2 * random.Next(1, 60);
            int[] expected = new int[room];
            int[] actual = new int[room];
            int expectedCount = FieldSplitter.Split(line, expected, SplitKernel.Scalar, out bool expectedNonAscii);
            int actualCount = FieldSplitter.Split(line, actual, kernel, out bool actualNonAscii);

            Assert.Equal(expectedCount, actualCount);
            Assert.Equal(expectedNonAscii, actualNonAscii);
            int written = Math.Min(expectedCount, room / 2) * 2;
            Assert.Equal(expected[..written], actual[..written]);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Split_NonAsciiAnywhere_IsReported(SplitKernel kernel)
    {
        byte[] line = Encoding.ASCII.GetBytes(string.Join(' ', Enumerable.Range(100, 30)));
        Assert.Equal(30, FieldSplitter.Split(line, new int[60], kernel, out bool plain));
        Assert.False(plain);
        for (int i = 0; i < line.Length; i++)
        {
            byte[] marked = (byte[])line.Clone();
            marked[i] = 0xC3;
            // Also with too little room: a line with too many fields is still checked to its end.
            FieldSplitter.Split(marked, new int[60], kernel, out bool roomy);
            FieldSplitter.Split(marked, new int[8], kernel, out bool cramped);
            Assert.True(roomy && cramped, $"byte {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void SplitLine_RandomTextWithLineFeeds_MatchesFindingTheLineFeedThenSplitting(SplitKernel kernel)
    {
        var random = new Random(20261203);
        for (int n = 0; n < 5000; n++)
        {
            // Text that runs on past the line, as a buffer segment does: LFs anywhere (or none),
            // non-ASCII bytes before and after the first LF, sometimes one-letter fields.
            byte[] text = new byte[random.Next(0, 300)];
            int spaceOdds = random.Next(2) == 0 ? 3 : 2;
            int lineFeedOdds = random.Next(1, 4) * 60;
            for (int i = 0; i < text.Length; i++)
            {
                int roll = random.Next(lineFeedOdds);
                text[i] = roll == 0 ? (byte)'\n'
                    : roll == 1 ? (byte)random.Next(0x80, 0x100)
                    : random.Next(spaceOdds) == 0 ? (byte)' ' : (byte)('a' + random.Next(26));
            }

            int room = random.Next(3) == 0 ? 512 : 2 * random.Next(1, 60);
            int[] expected = new int[room];
            int[] actual = new int[room];
            int expectedLength = Array.IndexOf(text, (byte)'\n');
            int actualCount = FieldSplitter.SplitLine(text, actual, kernel, out int actualLength, out bool actualNonAscii);

            Assert.Equal(expectedLength, actualLength);
            if (expectedLength < 0)
            {
                continue;
            }

            int expectedCount = FieldSplitter.Split(text.AsSpan(0, expectedLength), expected, SplitKernel.Scalar, out bool expectedNonAscii);
            Assert.Equal(expectedCount, actualCount);
            Assert.Equal(expectedNonAscii, actualNonAscii);
            int written = Math.Min(expectedCount, room / 2) * 2;
            Assert.Equal(expected[..written], actual[..written]);
        }
    }

    [Fact]
    public void Choose_ForcedByName_PicksThatKernelWhenSupported()
    {
        Assert.Equal(SplitKernel.Scalar, SplitKernels.Choose("scalar"));
        Assert.NotEqual(SplitKernel.Scalar, SplitKernels.Choose(null));
    }
}
