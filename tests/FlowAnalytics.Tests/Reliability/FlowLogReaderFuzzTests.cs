using System.IO.Pipelines;
using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Sampling;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Reliability;

/// <summary>
/// Line fuzz: valid generated lines (default and 29-field v5) mutated at the byte and field level,
/// read in random segmentations with small and default batches. The reader must never throw or
/// hang, must account for every line, and must read every unmutated line exactly as a clean read does.
/// </summary>
public class FlowLogReaderFuzzTests
{
    private const int BaseLines = 1500;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReadBatchAsync_HeaderWithRepeatedField_CountedOnceAsARejectedLine()
    {
        (_, List<byte[]> lines) = ValidLines(SampleRecordFormat.Default, 5);
        byte[] text = [.. "version interface-id version\n"u8, .. lines[0], (byte)'\n'];

        ReadCounts actual = await ReadAsync(SegmentedInput.Whole(text), 3);

        Assert.Equal(2, actual.Lines);
        Assert.Single(actual.Records);
        Assert.Equal(["bad header (repeated field name)"], actual.ErrorCounts.Keys);
        Assert.Equal(actual.Lines, actual.Records.Count + actual.Errors + actual.HeaderLines + actual.BlankLines);
    }

    [Theory]
    [InlineData(SampleRecordFormat.Default, 11)]
    [InlineData(SampleRecordFormat.Default, 12)]
    [InlineData(SampleRecordFormat.Default, 13)]
    [InlineData(SampleRecordFormat.V5, 21)]
    [InlineData(SampleRecordFormat.V5, 22)]
    [InlineData(SampleRecordFormat.V5, 23)]
    public async Task ReadBatchAsync_MutatedLines_AccountsForEveryLineAndKeepsUnmutatedLines(SampleRecordFormat format, int seed)
    {
        var random = new Random(seed);
        (byte[]? header, List<byte[]> lines) = ValidLines(format, seed);
        FuzzInput fuzz = Mutate(random, header, lines);

        // The clean read: only the unmutated lines, under the same header.
        var clean = new MemoryStream();
        if (header is not null)
        {
            clean.Write(header);
            clean.WriteByte((byte)'\n');
        }

        foreach (int index in fuzz.Unmutated.Keys)
        {
            clean.Write(lines[index]);
            clean.WriteByte((byte)'\n');
        }

        ReadCounts expected = await ReadAsync(SegmentedInput.Whole(clean.ToArray()), FlowRecordBatch.DefaultCapacity);
        Assert.Equal(0, expected.Errors);
        Assert.Equal(fuzz.Unmutated.Count, expected.Records.Count);
        string[] expectedRecords = [.. expected.Records.Values];

        long physicalLines = CountLines(fuzz.Bytes);
        foreach (int capacity in new[] { 3, FlowRecordBatch.DefaultCapacity })
        {
            // Whole, cut at random points, and trickled through a pipe (the reader waits for more data
            // in the middle of lines, over-long ones included).
            PipeReader[] inputs =
            [
                SegmentedInput.Whole(fuzz.Bytes),
                RandomSegments(random, fuzz.Bytes),
                SegmentedInput.Trickle(fuzz.Bytes, random.Next(2) == 0 ? random.Next(500, 5_000) : random.Next(5_000, 70_000)),
            ];
            foreach (PipeReader input in inputs)
            {
                ReadCounts actual = await ReadAsync(input, capacity).WaitAsync(Timeout);

                Assert.Equal(physicalLines, actual.Lines);
                Assert.Equal(actual.Lines, actual.Records.Count + actual.Errors + actual.HeaderLines + actual.BlankLines);
                Assert.Equal(actual.Records.Count, actual.RecordCounter);
                // Every rejected line is located: its own line number, no record's, within the input.
                Assert.Equal(actual.Errors, actual.ErrorLines.Count);
                Assert.Equal(actual.Errors, actual.ErrorLines.Distinct().Count());
                Assert.All(actual.ErrorLines, line => Assert.True(line >= 1 && line <= physicalLines && !actual.Records.ContainsKey(line), $"error at line {line}"));
                // The mutations reach the framing and UTF-8 checks, not only the field parsers.
                Assert.Contains("line too long (>64 KiB)", actual.ErrorCounts.Keys);
                Assert.Contains("invalid UTF-8", actual.ErrorCounts.Keys);
                Assert.Contains("too few fields", actual.ErrorCounts.Keys);
                Assert.Contains("too many fields", actual.ErrorCounts.Keys);
                int n = 0;
                foreach (long lineNumber in fuzz.Unmutated.Values)
                {
                    Assert.True(actual.Records.TryGetValue(lineNumber, out string? record), $"unmutated line {lineNumber} was not read as a record");
                    Assert.Equal(expectedRecords[n++], record);
                }
            }
        }
    }

    /// <summary>
    /// Blocks of default and v5 lines, each under its own header (some repeated, some naming an
    /// unknown field, some not matching the lines after them), mutated as above: every segmentation
    /// and batch capacity reads exactly what one whole read does, and every line is accounted for.
    /// </summary>
    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public async Task ReadBatchAsync_HeadersChangingMidFile_SameResultForEverySegmentationAndCapacity(int seed)
    {
        var random = new Random(seed);
        (byte[]? v5Header, List<byte[]> v5Lines) = ValidLines(SampleRecordFormat.V5, seed);
        (_, List<byte[]> defaultLines) = ValidLines(SampleRecordFormat.Default, seed);
        byte[] defaultHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"u8.ToArray();
        var text = new List<byte>();
        for (int block = 0; block < 40; block++)
        {
            bool v5 = random.Next(2) == 0;
            byte[] header = random.Next(6) switch
            {
                0 => [.. (v5 ? v5Header! : defaultHeader), .. " x-future-field"u8],
                1 => v5 ? defaultHeader : v5Header!,
                _ => v5 ? v5Header! : defaultHeader,
            };
            if (random.Next(8) != 0)
            {
                text.AddRange(header);
                text.AddRange(random.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
            }

            List<byte[]> source = v5 ? v5Lines : defaultLines;
            for (int n = random.Next(1, 60); n > 0; n--)
            {
                byte[] line = source[random.Next(source.Count)];
                text.AddRange(random.Next(3) == 0 ? MutateLine(random, line) : [.. line, (byte)'\n']);
            }
        }

        byte[] bytes = [.. text];
        ReadCounts expected = await ReadAsync(SegmentedInput.Whole(bytes), FlowRecordBatch.DefaultCapacity);
        Assert.Equal(CountLines(bytes), expected.Lines);
        Assert.Equal(expected.Lines, expected.Records.Count + expected.Errors + expected.HeaderLines + expected.BlankLines);
        Assert.True(expected.Records.Count > 200, $"only {expected.Records.Count} records");
        foreach (int capacity in new[] { 1, 3, 100 })
        {
            PipeReader[] inputs = [RandomSegments(random, bytes), SegmentedInput.Trickle(bytes, random.Next(100, 20_000))];
            foreach (PipeReader input in inputs)
            {
                ReadCounts actual = await ReadAsync(input, capacity).WaitAsync(Timeout);

                Assert.Equal((expected.Lines, expected.RecordCounter, expected.HeaderLines, expected.BlankLines, expected.Errors), (actual.Lines, actual.RecordCounter, actual.HeaderLines, actual.BlankLines, actual.Errors));
                Assert.Equal(expected.Records, actual.Records);
                Assert.Equal(expected.ErrorLines, actual.ErrorLines);
                Assert.Equal(expected.ErrorCounts.OrderBy(e => e.Key, StringComparer.Ordinal), actual.ErrorCounts.OrderBy(e => e.Key, StringComparer.Ordinal));
            }
        }
    }

    [Theory]
    [InlineData(65_535, 1, 0)]
    [InlineData(65_536, 1, 0)]
    [InlineData(65_537, 0, 1)]
    [InlineData(200_000, 0, 1)]
    public async Task ReadBatchAsync_LineAroundTheLimitBetweenValidLines_RejectsOnlyTheLongOne(int length, int extraRecords, int tooLong)
    {
        (_, List<byte[]> lines) = ValidLines(SampleRecordFormat.Default, 5);
        // A valid line padded with spaces (tolerated) to the exact length.
        byte[] padded = new byte[length];
        padded.AsSpan().Fill((byte)' ');
        lines[1].CopyTo(padded, 0);
        byte[] text = [.. lines[0], (byte)'\n', .. padded, (byte)'\r', (byte)'\n', .. lines[2], (byte)'\n'];

        foreach (PipeReader input in new[] { SegmentedInput.Whole(text), SegmentedInput.Trickle(text, 4093), RandomSegments(new Random(length), text) })
        {
            ReadCounts actual = await ReadAsync(input, 3).WaitAsync(Timeout);

            Assert.Equal(3, actual.Lines);
            Assert.Equal(2 + extraRecords, actual.Records.Count);
            Assert.Equal(tooLong, actual.Errors);
            Assert.Equal(tooLong, actual.ErrorCounts.GetValueOrDefault("line too long (>64 KiB)"));
        }
    }

    internal static (byte[]? Header, List<byte[]> Lines) ValidLines(SampleRecordFormat format, int seed)
    {
        var text = new MemoryStream();
        SampleBucketGenerator.WriteRecords(text, BaseLines, seed, format, includeHeader: format == SampleRecordFormat.V5);
        var lines = new List<byte[]>();
        foreach (string line in Encoding.UTF8.GetString(text.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            lines.Add(Encoding.UTF8.GetBytes(line));
        }

        byte[]? header = null;
        if (format == SampleRecordFormat.V5)
        {
            header = lines[0];
            lines.RemoveAt(0);
        }

        return (header, lines);
    }

    private static long CountLines(byte[] bytes)
    {
        long count = bytes.AsSpan().Count((byte)'\n');
        return bytes.Length > 0 && bytes[^1] != (byte)'\n' ? count + 1 : count;
    }

    /// <summary>The input, and for each unmutated base line (by index) its physical line number.</summary>
    private sealed record FuzzInput(byte[] Bytes, SortedDictionary<int, long> Unmutated);

    private static FuzzInput Mutate(Random random, byte[]? header, List<byte[]> lines)
    {
        var output = new List<byte>(lines.Count * 300);
        var unmutated = new SortedDictionary<int, long>();
        long lineNumber = 1;
        if (header is not null)
        {
            output.AddRange(header);
            output.Add((byte)'\n');
            lineNumber++;
        }

        for (int i = 0; i < lines.Count; i++)
        {
            byte[] line;
            if (random.Next(100) < 40)
            {
                unmutated[i] = lineNumber;
                line = random.Next(3) == 0 ? [.. lines[i], (byte)'\r', (byte)'\n'] : [.. lines[i], (byte)'\n'];
            }
            else
            {
                line = MutateLine(random, lines[i]);
            }

            // The last line may lose its terminator.
            if (i == lines.Count - 1 && random.Next(2) == 0 && !unmutated.ContainsKey(i) && line.Length > 1 && line[^1] == (byte)'\n')
            {
                line = line[..^1];
            }

            output.AddRange(line);
            lineNumber += line.AsSpan().Count((byte)'\n');
        }

        return new FuzzInput([.. output], unmutated);
    }

    /// <summary>One mutated line, with its terminator(s).</summary>
    private static byte[] MutateLine(Random random, byte[] line)
    {
        var bytes = new List<byte>(line);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations; m++)
        {
            int at = random.Next(bytes.Count + 1);
            switch (random.Next(13))
            {
                case 0 when bytes.Count > 0:
                    int flip = random.Next(bytes.Count);
                    bytes[flip] ^= (byte)random.Next(1, 256);
                    break;
                case 1:
                    bytes.RemoveRange(Math.Min(at, bytes.Count), Math.Min(random.Next(1, 12), bytes.Count - Math.Min(at, bytes.Count)));
                    break;
                case 2:
                    byte[] insert = new byte[random.Next(1, 12)];
                    random.NextBytes(insert);
                    bytes.InsertRange(at, insert);
                    break;
                case 3:
                    List<byte[]> fields = Fields(bytes);
                    int dup = random.Next(fields.Count);
                    fields.Insert(dup, fields[dup]);
                    bytes = Join(fields);
                    break;
                case 4:
                    List<byte[]> kept = Fields(bytes);
                    if (kept.Count > 0)
                    {
                        kept.RemoveAt(random.Next(kept.Count));
                    }

                    bytes = Join(kept);
                    break;
                case 5:
                    List<byte[]> replaced = Fields(bytes);
                    if (replaced.Count > 0)
                    {
                        byte[] junk = new byte[random.Next(1, 20)];
                        random.NextBytes(junk);
                        replaced[random.Next(replaced.Count)] = junk;
                    }

                    bytes = Join(replaced);
                    break;
                case 6:
                    // A very long field, under the line limit.
                    List<byte[]> longFields = Fields(bytes);
                    byte filler = random.Next(2) == 0 ? (byte)'9' : (byte)'a';
                    longFields[random.Next(longFields.Count)] = Enumerable.Repeat(filler, random.Next(1_000, 60_000)).ToArray();
                    bytes = Join(longFields);
                    break;
                case 7:
                    // Over 64 KiB.
                    bytes.InsertRange(at, Enumerable.Repeat((byte)'7', random.Next(65_537, 140_000)));
                    break;
                case 8:
                    byte[][] invalid = [[0xC3, 0x28], [0xFF], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];
                    bytes.InsertRange(at, invalid[random.Next(invalid.Length)]);
                    break;
                case 9:
                    bytes.InsertRange(at, new byte[random.Next(1, 4)]);
                    break;
                case 10:
                    bytes.Insert(at, (byte)'\r');
                    break;
                case 11:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.InsertRange(at, "\n"u8.ToArray());
                    break;
            }
        }

        byte[][] terminators = [[(byte)'\n'], [(byte)'\r', (byte)'\n'], [(byte)'\r', (byte)'\r', (byte)'\n'], [(byte)'\n', (byte)'\n'], [(byte)' ', (byte)'\n']];
        bytes.AddRange(terminators[random.Next(terminators.Length)]);
        return [.. bytes];
    }

    private static List<byte[]> Fields(List<byte> bytes)
    {
        var fields = new List<byte[]>();
        foreach (string field in Encoding.Latin1.GetString([.. bytes]).Split(' '))
        {
            fields.Add(Encoding.Latin1.GetBytes(field));
        }

        return fields;
    }

    private static List<byte> Join(List<byte[]> fields)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                bytes.Add((byte)' ');
            }

            bytes.AddRange(fields[i]);
        }

        return bytes;
    }

    /// <summary>The input cut at random points: many tiny segments, some empty, some large.</summary>
    internal static PipeReader RandomSegments(Random random, byte[] bytes)
    {
        var pieces = new List<byte[]>();
        int at = 0;
        while (at < bytes.Length)
        {
            int size = random.Next(4) switch
            {
                0 => random.Next(0, 3),
                1 => random.Next(1, 100),
                2 => random.Next(100, 5_000),
                _ => random.Next(5_000, 70_000),
            };
            size = Math.Min(size, bytes.Length - at);
            pieces.Add(bytes[at..(at + size)]);
            at += size;
        }

        return SegmentedInput.FromSegments(pieces);
    }

    private sealed record ReadCounts(
        long Lines, long RecordCounter, long HeaderLines, long BlankLines, long Errors,
        IReadOnlyDictionary<string, long> ErrorCounts, IReadOnlyList<long> ErrorLines, SortedDictionary<long, string> Records);

    private static async Task<ReadCounts> ReadAsync(PipeReader input, int capacity)
    {
        await using var reader = new FlowLogReader(input, new FlowLogReaderOptions { Errors = new FlowErrorLog(int.MaxValue) });
        var batch = new FlowRecordBatch(capacity);
        var records = new SortedDictionary<long, string>();
        while (await reader.ReadBatchAsync(batch))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                string described = ReadResultSummary.Describe(batch, i);
                int colon = described.IndexOf(':', StringComparison.Ordinal);
                Assert.True(records.TryAdd(batch[i].LineNumber, described[(colon + 1)..]), $"line {batch[i].LineNumber} read twice");
            }
        }

        return new ReadCounts(reader.Lines, reader.Records, reader.HeaderLines, reader.BlankLines, reader.Errors.Total,
            new Dictionary<string, long>(reader.Errors.Counts), [.. reader.Errors.Samples.Select(e => e.LineNumber)], records);
    }
}
