using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Parsing;

/// <summary>
/// The reader types runs of plain lines column by column (four rows at a time where it can) and
/// falls back to line by line when a line of the run does not type. These inputs put bad lines,
/// nulls, CRs, headers and blank lines at every position of a run and of a group of four, and
/// check that each record reads back exactly as written and each bad line is reported at its line.
/// </summary>
public class FlowLogReaderRunTests
{
    private const string DefaultHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

    [Theory]
    [InlineData(0, 0, "x", "bad number in version")]
    [InlineData(4, 9, "4.5", "bad number in bytes")]
    [InlineData(17, 5, "65536", "number out of range in srcport")]
    [InlineData(21, 3, "10.0.0.256", "bad address in srcaddr")]
    [InlineData(38, 4, "2001:db8:::1", "bad address in dstaddr")]
    [InlineData(45, 2, "eni-12g5", "bad id in interface-id")]
    [InlineData(62, 1, "12345678901a", "bad account id in account-id")]
    [InlineData(63, 12, "ALLOW", "bad value in action")]
    [InlineData(30, 13, "ok", "bad value in log-status")]
    public async Task ReadBatchAsync_OneBadFieldInALongRun_ReportsItsLineAndKeepsEveryOtherRecordExactly(int badLine, int field, string badValue, string reason)
    {
        List<string[]> lines = DefaultLines(64);
        lines[badLine][field] = badValue;

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(Text(lines)), batchCapacity: 256);

        Assert.Equal([$"{badLine + 1}: {reason}"], result.Errors);
        Assert.Equal(Expected(DefaultHeader, lines, firstLineNumber: 1, skip: badLine), result.Records);
        Assert.Equal(64, result.Lines);
    }

    [Fact]
    public async Task ReadBatchAsync_BadLinesInEveryPositionOfAGroupOfFour_AreEachReportedAndTheRestKept()
    {
        List<string[]> lines = DefaultLines(40);
        int[] bad = [8, 13, 18, 23, 24, 25, 26, 27];
        foreach (int line in bad)
        {
            lines[line][9] = "-7";
        }

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(Text(lines)), batchCapacity: 256);

        Assert.Equal([.. bad.Select(line => $"{line + 1}: bad number in bytes")], result.Errors);
        Assert.Equal(Expected(DefaultHeader, lines, firstLineNumber: 1, skip: bad), result.Records);
    }

    [Fact]
    public async Task ReadBatchAsync_CrlfBlankAndSpacedLinesInsideARun_ReadBackExactly()
    {
        List<string[]> lines = DefaultLines(30);
        var text = new StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            text.AppendJoin(i % 7 == 3 ? "   " : " ", lines[i]).Append(i % 5 == 2 ? "\r\n" : i % 11 == 6 ? "  \n" : "\n");
        }

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(text.ToString()), batchCapacity: 256);

        Assert.Empty(result.Errors);
        Assert.Equal(Expected(DefaultHeader, lines, firstLineNumber: 1), result.Records);
    }

    [Fact]
    public async Task ReadBatchAsync_HeaderInTheMiddleOfAChunk_TypesTheLinesAfterItInTheNewLayout()
    {
        const string header = "interface-id srcaddr account-id bytes future-field flow-direction pkt-src-aws-service";
        List<string[]> before = DefaultLines(9);
        var after = new List<string[]>();
        for (int i = 0; i < 11; i++)
        {
            after.Add([
                $"eni-{i:x17}",
                i % 4 == 1 ? "2001:db8::" + (i + 1).ToString("x") : $"192.168.{i}.{i + 3}",
                i % 3 == 0 ? "unknown" : $"{111122223333 + i}",
                i == 6 ? "-" : $"{i * 1000}",
                i == 2 ? "-" : $"text-{i}",
                i % 2 == 0 ? "ingress" : "egress",
                i % 3 == 0 ? "S3" : "-",
            ]);
        }

        string text = Text(before) + header + "\n" + Text(after);

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(text), batchCapacity: 256);

        Assert.Empty(result.Errors);
        Assert.Equal([.. Expected(DefaultHeader, before, firstLineNumber: 1), .. Expected(header, after, firstLineNumber: 11)], result.Records);
    }

    [Fact]
    public async Task ReadBatchAsync_LinesOfTheOldFieldCountAfterAHeaderInTheSameChunk_AreReportedForTheNewLayout()
    {
        // The chunk marks lines of the layout's field count before a header changes it; with no
        // record in the batch yet the header does not end the batch, so the lines after it in
        // the same chunk must be judged by the new layout's count, not the old one.
        // The new layout is the old one's first four fields, so the old lines would type in it.
        const string header = "version account-id interface-id srcaddr";
        string text = "2 1 2\n2 1 2\n" + header + "\n" + Text(DefaultLines(6)) + "2 123456789010 eni-0123456789abcdef0 10.0.0.1\n";

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(text), batchCapacity: 256);

        Assert.Equal(["1: too few fields", "2: too few fields", .. Enumerable.Range(4, 6).Select(line => $"{line}: too many fields")], result.Errors);
        Assert.Equal(["10: version=2 account-id=123456789010 interface-id=eni-0123456789abcdef0 srcaddr=10.0.0.1"], result.Records);
    }

    [Theory]
    [InlineData(-1, "")]
    [InlineData(17, "256")]
    [InlineData(18, "x")]
    public async Task ReadBatchAsync_NullsAmongNumbersInEveryGroupPosition_ReadBackAsNullAndBadOnesAreReported(int badLine, string badValue)
    {
        // Four at a time with nulls among them (traffic-path is logged on egress only): nulls stay
        // null, not 0, and a bad number in a four with nulls is still reported at its line.
        const string header = "version traffic-path tcp-flags bytes";
        var lines = new List<string[]>();
        for (int i = 0; i < 40; i++)
        {
            lines.Add(["5", i % 2 == 0 || i % 7 == 3 ? "-" : $"{1 + (i % 8)}", i % 5 == 1 ? "-" : $"{i % 64}", i % 3 == 0 ? "-" : $"{1000 + i}"]);
        }

        if (badLine >= 0)
        {
            lines[badLine][1] = badValue;
        }

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(header + "\n" + Text(lines)), batchCapacity: 256);

        string[] errors = badLine < 0 ? [] : [$"{badLine + 2}: {(badValue == "x" ? "bad number" : "number out of range")} in traffic-path"];
        Assert.Equal(errors, result.Errors);
        Assert.Equal(Expected(header, lines, firstLineNumber: 2, skip: badLine), result.Records);
    }

    [Fact]
    public async Task ReadBatchAsync_PacketAddressesLikeAndUnlikeTheirTwins_ReadBackExactly()
    {
        // A packet address whose text is its twin's (pkt-srcaddr and srcaddr) is copied from the
        // twin typed before it: same and different text, IPv4 and IPv6 of every length, nulls on
        // either side, and the packet column first in the line (no twin before it).
        const string header = "pkt-dstaddr srcaddr pkt-srcaddr dstaddr";
        string[] addresses =
        [
            "10.0.1.2", "10.0.1.3", "192.168.100.200", "-", "2001:db8::1", "2001:db8::2",
            "2600:1f18:3b93:b812:296:25ac:d42c:f4af", "2600:1f18:3b93:b812:296:25ac:d42c:f4a0", "fd00:1:2:3:4:5:6:7",
            "2001:db8:0:1::abcd", "2001:db8:0:1::abce",
        ];
        var lines = new List<string[]>();
        for (int i = 0; i < 121; i++)
        {
            string source = addresses[i % addresses.Length];
            string packetSource = i % 3 == 0 ? source : addresses[(i / addresses.Length) % addresses.Length];
            string destination = addresses[(i * 5) % addresses.Length];
            string packetDestination = i % 4 == 0 ? destination : addresses[(i * 7 + 1) % addresses.Length];
            lines.Add([packetDestination, source, packetSource, destination]);
        }

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(header + "\n" + Text(lines)), batchCapacity: 256);

        Assert.Empty(result.Errors);
        Assert.Equal(Expected(header, lines, firstLineNumber: 2), result.Records);
    }

    [Fact]
    public async Task ReadBatchAsync_BadAccountInARunWithATextColumn_KeepsEveryOtherLinesText()
    {
        const string header = "version account-id future-field srcaddr bytes";
        var lines = new List<string[]>();
        for (int i = 0; i < 24; i++)
        {
            lines.Add(["5", i == 13 ? "1234567890123" : $"{210987654321 - i}", i % 6 == 0 ? "-" : $"note-{i}-{new string('z', i)}", $"10.1.{i}.1", $"{i * 17}"]);
        }

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(header + "\n" + Text(lines)), batchCapacity: 256);

        Assert.Equal(["15: bad account id in account-id"], result.Errors);
        Assert.Equal(Expected(header, lines, firstLineNumber: 2, skip: 13), result.Records);
    }

    [Fact]
    public async Task ReadBatchAsync_FieldsInTheLast16BytesOfTheText_ReadBackExactlyAtEveryAlignment()
    {
        // The run loops load 16 bytes from a field's start; the last fields of the text go through
        // the careful path instead. Spaces in the first line move the end through a whole block.
        for (int pad = 0; pad < 64; pad++)
        {
            List<string[]> lines = DefaultLines(40);
            lines[^3][12] = "REJECT";
            lines[^2][13] = "SKIPDATA";
            lines[^1] = ["2", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"];
            string text = Text(lines);
            text = text[..1] + new string(' ', pad) + text[1..];

            ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(text), batchCapacity: 256);

            Assert.Empty(result.Errors);
            Assert.Equal(Expected(DefaultHeader, lines, firstLineNumber: 1), result.Records);
        }
    }

    [Fact]
    public async Task ReadBatchAsync_IdsOfEveryLengthAndNullsInARun_ReadBackExactly()
    {
        // Ids four at a time: 17 digits (a high digit), 16, 8 (old ids), 1, and nulls, mixed in
        // every position of a group of four and in every id column.
        const string header = "interface-id vpc-id subnet-id instance-id bytes";
        var lines = new List<string[]>();
        for (int i = 0; i < 48; i++)
        {
            lines.Add([Id("eni-", i), Id("vpc-", i + 1), Id("subnet-", i + 2), Id("i-", i + 3), $"{i}"]);
        }

        // The typed values, not only their text: an id formats from its digit count, so a stray
        // high word would print the same and still break every compare and hash.
        await using var reader = new FlowLogReader(SegmentedInput.Whole(header + "\n" + Text(lines)), new FlowLogReaderOptions());
        var batch = new FlowRecordBatch(256);
        var read = new List<(ResourceId?, ResourceId?, ResourceId?, ResourceId?)>();
        while (await reader.ReadBatchAsync(batch))
        {
            for (int row = 0; row < batch.Count; row++)
            {
                FlowRecordView record = batch[row];
                read.Add((record.ResourceId(FlowField.InterfaceId), record.ResourceId(FlowField.VpcId), record.ResourceId(FlowField.SubnetId), record.ResourceId(FlowField.InstanceId)));
            }
        }

        Assert.Empty(reader.Errors.Counts);
        Assert.Equal([.. lines.Select(line => (Parsed(line[0], "eni-"), Parsed(line[1], "vpc-"), Parsed(line[2], "subnet-"), Parsed(line[3], "i-")))], read);

        static ResourceId? Parsed(string text, string prefix) => text == "-" ? null : ResourceId.Parse(text, prefix);

        static string Id(string prefix, int i) => (i % 6) switch
        {
            0 => $"{prefix}{0xf0123456789abcdeUL + (ulong)i:x16}a",
            1 => $"{prefix}{0x0123456789abcdefUL + (ulong)i:x16}",
            2 => "-",
            3 => $"{prefix}{0x9abcdef0 + i:x8}",
            4 => $"{prefix}{i % 16:x}",
            _ => $"{prefix}0000{i:x13}",
        };
    }

    [Theory]
    [InlineData("eni-")]
    [InlineData("eni-0123456789abcdef01")]
    [InlineData("eni-g123456789abcdef0")]
    [InlineData("eni-0123456789abcdeg0")]
    [InlineData("ena-0123456789abcdef0")]
    [InlineData("vpc-0123456789abcdef0")]
    [InlineData("--")]
    public async Task ReadBatchAsync_BadIdInEveryPositionOfAGroupOfFour_IsReportedAndTheRestKept(string badId)
    {
        for (int position = 0; position < 4; position++)
        {
            List<string[]> lines = DefaultLines(24);
            int badLine = 8 + position;
            lines[badLine][2] = badId;

            ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(Text(lines)), batchCapacity: 256);

            Assert.Equal([$"{badLine + 1}: bad id in interface-id"], result.Errors);
            Assert.Equal(Expected(DefaultHeader, lines, firstLineNumber: 1, skip: badLine), result.Records);
        }
    }

    /// <summary>Default-format lines with every value distinct, a NODATA line now and then and IPv6 in some.</summary>
    private static List<string[]> DefaultLines(int count)
    {
        var lines = new List<string[]>();
        for (int i = 0; i < count; i++)
        {
            string eni = $"eni-1235b8ca123{0x456789 + i:x6}";
            if (i % 9 == 5)
            {
                lines.Add(["2", "123456789010", eni, "-", "-", "-", "-", "-", "-", "-", $"{1431280876 + i}", $"{1431280934 + i}", "-", "NODATA"]);
                continue;
            }

            string source = i % 8 == 3 ? $"2001:db8::{i + 1:x}" : $"172.31.{i}.{(i * 7) % 256}";
            string destination = i % 8 == 3 ? "fd00::5" : $"10.0.{i % 4}.{i + 10}";
            lines.Add([
                "2", $"{123456789010 + i}", eni, source, destination, $"{20641 + i}", $"{i * 3 % 1024}", i % 3 == 0 ? "17" : "6",
                $"{i + 1}", $"{4249L * (i + 1) * (i + 1)}", $"{1418530010 + i}", $"{1418530070 + i}", i % 4 == 2 ? "REJECT" : "ACCEPT", "OK"]);
        }

        return lines;
    }

    private static string Text(List<string[]> lines)
    {
        var text = new StringBuilder();
        foreach (string[] line in lines)
        {
            text.AppendJoin(' ', line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The reader's description of each line not skipped, from the values as written.</summary>
    private static List<string> Expected(string header, List<string[]> lines, int firstLineNumber, params int[] skip)
    {
        string[] names = header.Split(' ');
        var expected = new List<string>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (skip.Contains(i))
            {
                continue;
            }

            var described = new StringBuilder().Append(firstLineNumber + i).Append(':');
            for (int f = 0; f < names.Length; f++)
            {
                described.Append(' ').Append(names[f]).Append('=').Append(AsRead(lines[i][f]));
            }

            expected.Add(described.ToString());
        }

        return expected;
    }

    private static string AsRead(string written) => written switch
    {
        "ACCEPT" => "Accept",
        "REJECT" => "Reject",
        "OK" => "Ok",
        "NODATA" => "NoData",
        "SKIPDATA" => "SkipData",
        "ingress" => "Ingress",
        "egress" => "Egress",
        _ => written,
    };
}
