using FlowAnalytics.Parsing;

namespace FlowAnalytics.Tests.Parsing;

public class ChunkSplitTests
{
    [Fact]
    public void Split_RandomTextWithLineFeeds_GivesEachWholeLineAsTheLineByLineSplitDoes()
    {
        if (!ChunkSplit.IsSupported)
        {
            // Without AVX-512 the reader frames line by line, which FieldSplitterTests cover.
            return;
        }

        var random = new Random(20261204);
        var chunk = new ChunkSplit();
        for (int n = 0; n < 3000; n++)
        {
            // Lines of every length from blank to longer than a block, runs of spaces, CRs,
            // sometimes a byte outside ASCII, sometimes many LFs in one block.
            byte[] text = new byte[random.Next(0, 1500)];
            int lineFeedOdds = random.Next(4) == 0 ? 3 : random.Next(1, 5) * 40;
            bool nonAscii = random.Next(4) == 0;
            for (int i = 0; i < text.Length; i++)
            {
                int roll = random.Next(lineFeedOdds);
                text[i] = roll == 0 ? (byte)'\n'
                    : nonAscii && random.Next(200) == 0 ? (byte)random.Next(0x80, 0x100)
                    : random.Next(40) == 0 ? (byte)'\r'
                    : random.Next(3) == 0 ? (byte)' '
                    : random.Next(2) == 0 ? (byte)('0' + random.Next(10)) : (byte)('a' + random.Next(26));
            }

            int maxLines = random.Next(3) == 0 ? random.Next(1, 8) : int.MaxValue;
            int fieldsAsked = random.Next(1, 6);
            int maxLineLength = random.Next(10, 300);
            int lines = chunk.Split(text, maxLines, fieldsAsked, maxLineLength);

            int wholeBlocks = text.Length / 64 * 64;
            int expectedLines = 0;
            for (int i = 0; i < wholeBlocks; i++)
            {
                expectedLines += text[i] == '\n' ? 1 : 0;
            }

            // Every line that ends in the whole blocks read, up to the limits; the bounds' room
            // (4096) is never the limit for texts this short.
            Assert.Equal(Math.Min(expectedLines, Math.Min(maxLines, ChunkSplit.MaxLines)), lines);
            int start = 0;
            bool anyNonAscii = false;
            for (int line = 0; line < lines; line++)
            {
                int end = Array.IndexOf(text, (byte)'\n', start);
                Assert.Equal(start, chunk.LineStart(line));
                Assert.Equal(end, chunk.LineEnd(line));
                int[] expected = new int[2 * 800];
                int fields = FieldSplitter.Split(text.AsSpan(start, end - start), expected, SplitKernel.Scalar, out bool lineNonAscii);
                anyNonAscii |= lineNonAscii;
                Assert.Equal(fields, chunk.FieldCount(line));
                int[] actual = chunk.LineBounds(line).ToArray();
                for (int b = 0; b < actual.Length; b++)
                {
                    actual[b] -= start;
                }

                Assert.Equal(expected[..(2 * fields)], actual);
                bool plain = fields == fieldsAsked && end - start <= maxLineLength && text[end - 1] != '\r'
                    && text[start + expected[0]] is < (byte)'a' or > (byte)'z';
                Assert.Equal(!plain, (chunk.Irregular & (1UL << line)) != 0);
                start = end + 1;
            }

            // A byte outside ASCII in a line found always shows; the flag may also come from the rest of the blocks.
            Assert.True(chunk.HasNonAscii || !anyNonAscii);
            Assert.Equal(0UL, lines == 64 ? 0 : chunk.Irregular >> lines);
        }
    }

    [Fact]
    public void Split_TextShorterThanABlockOrFirstLineLongerThanTheBlocks_FindsNoLine()
    {
        if (!ChunkSplit.IsSupported)
        {
            return;
        }

        var chunk = new ChunkSplit();
        Assert.Equal(0, chunk.Split("a b\nc d\n"u8, int.MaxValue, 2, 100));
        byte[] longLine = new byte[200];
        Array.Fill(longLine, (byte)'x');
        longLine[150] = (byte)'\n';
        // The LF is past the last whole block (128 bytes): the caller frames that line itself.
        Assert.Equal(0, chunk.Split(longLine.AsSpan(0, 190), int.MaxValue, 1, 1000));
        Assert.Equal(1, chunk.Split(longLine, int.MaxValue, 1, 1000));
        Assert.Equal(150, chunk.LineEnd(0));
        Assert.Equal(1, chunk.FieldCount(0));
    }
}
