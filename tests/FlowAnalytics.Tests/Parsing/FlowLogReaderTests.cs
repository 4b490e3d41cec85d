using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Parsing;

public class FlowLogReaderTests
{
    private const string AwsDefaultExample =
        "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n";

    [Fact]
    public async Task ReadBatchAsync_DefaultFormatWithoutHeader_TypesEveryField()
    {
        await using var reader = new FlowLogReader(SegmentedInput.Whole(AwsDefaultExample));
        var batch = new FlowRecordBatch();

        Assert.True(await reader.ReadBatchAsync(batch));
        Assert.Equal(1, batch.Count);
        FlowRecordView r = batch[0];
        Assert.Equal(2, r.Integer(FlowField.Version));
        Assert.Equal("123456789010", r.AccountId!.Value.ToString());
        Assert.Equal("eni-1235b8ca123456789", r.ResourceId(FlowField.InterfaceId)!.Value.Format("eni-"));
        Assert.Equal(FlowAddress.Parse("172.31.16.139"), r.Address(FlowField.SrcAddr));
        Assert.Equal(FlowAddress.Parse("172.31.16.21"), r.Address(FlowField.DstAddr));
        Assert.Equal(20641, r.Integer(FlowField.SrcPort));
        Assert.Equal(22, r.Integer(FlowField.DstPort));
        Assert.Equal(6, r.Integer(FlowField.Protocol));
        Assert.Equal(20, r.Integer(FlowField.Packets));
        Assert.Equal(4249, r.Integer(FlowField.Bytes));
        Assert.Equal(1418530010, r.Integer(FlowField.Start));
        Assert.Equal(1418530070, r.Integer(FlowField.End));
        Assert.Equal(FlowAction.Accept, r.Action);
        Assert.Equal(LogStatus.Ok, r.LogStatus);
        Assert.Null(r.Integer(FlowField.TcpFlags));
        Assert.Equal(1, r.LineNumber);
        Assert.False(await reader.ReadBatchAsync(batch));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadBatchAsync_CarriageReturns_EndTheLastFieldOrAreBlank(bool oneByteSegments)
    {
        // CR right after the last field, after a space, alone, and after spaces only.
        const string record = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        string text = record + "\r\n" + record + " \r\n" + "\r\n" + "   \r\n" + record.Replace(" OK", " NODATA") + "  \r\n";
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        await using var reader = new FlowLogReader(oneByteSegments ? SegmentedInput.OneByteSegments(bytes) : SegmentedInput.Whole(bytes));
        var batch = new FlowRecordBatch();
        var statuses = new List<LogStatus?>();
        while (await reader.ReadBatchAsync(batch))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                statuses.Add(batch[i].LogStatus);
            }
        }

        Assert.Equal([LogStatus.Ok, LogStatus.Ok, LogStatus.NoData], statuses);
        Assert.Equal(2, reader.BlankLines);
        Assert.Equal(0, reader.Errors.Total);
    }

    [Fact]
    public async Task ReadBatchAsync_OneBatchAcrossLayouts_ColumnsTheNewLayoutLacksReadZero()
    {
        // A v3-style header with tcp-flags, then a header without: the batch is reused, so the
        // second layout's rows must not show the first layout's tcp-flags or bytes.
        const string text =
            "version interface-id srcaddr dstaddr bytes tcp-flags action\n"
            + "3 eni-1235b8ca123456789 10.0.0.1 10.0.0.2 4249 19 ACCEPT\n"
            + "version interface-id srcaddr dstaddr packets action\n"
            + "3 eni-1235b8ca123456789 10.0.0.1 10.0.0.2 5 REJECT\n"
            + "3 eni-1235b8ca123456789 10.0.0.1 10.0.0.2 6 REJECT\n";
        await using var reader = new FlowLogReader(SegmentedInput.Whole(text));
        var batch = new FlowRecordBatch(4);
        var seen = new List<(long TcpFlags, long Bytes, long Packets)>();
        while (await reader.ReadBatchAsync(batch))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                seen.Add((batch.Integers(FlowField.TcpFlags)[i], batch.Integers(FlowField.Bytes)[i], batch.Integers(FlowField.Packets)[i]));
            }
        }

        Assert.Equal([(19, 4249, 0), (0, 0, 5), (0, 0, 6)], seen);
    }

    [Fact]
    public async Task ReadBatchAsync_NoDataRecord_DashesAreNullNotZero()
    {
        const string line = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA\n";
        await using var reader = new FlowLogReader(SegmentedInput.Whole(line));
        var batch = new FlowRecordBatch();

        Assert.True(await reader.ReadBatchAsync(batch));
        FlowRecordView r = batch[0];
        Assert.Null(r.Address(FlowField.SrcAddr));
        Assert.Null(r.Integer(FlowField.SrcPort));
        Assert.Null(r.Integer(FlowField.Packets));
        Assert.Null(r.Integer(FlowField.Bytes));
        Assert.Null(r.Action);
        Assert.Equal(LogStatus.NoData, r.LogStatus);
        // Null integer cells read 0 so column sums need no presence check.
        Assert.Equal(0, batch.Integers(FlowField.Bytes)[0]);
    }

    [Fact]
    public async Task ReadBatchAsync_AllVersion8FieldsAndAnUnknownField_TypesEachAndKeepsUnknownAsText()
    {
        string header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status "
            + "vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id "
            + "pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path ecs-cluster-arn ecs-cluster-name "
            + "ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name "
            + "ecs-task-definition-arn ecs-task-arn ecs-task-id reject-reason future-field\n";
        string line = "8 unknown eni-0123456789abcdef0 2001:db8::1 10.0.0.5 443 0 17 3 180 1700000000 1700000059 REJECT OK "
            + "vpc-0a1b2c3d subnet-00aa11bb22cc33dd4 i-06f9249b 27 IPv6 ::ffff:10.1.2.3 fe80::1:2 us-east-1 use1-az1 outpost op-123 "
            + "S3 DYNAMODB egress 8 arn:aws:ecs:us-east-1:1:cluster/c c arn:aws:ecs:ci ci-1 ctr-1 ctr-2 svc "
            + "arn:aws:ecs:td arn:aws:ecs:task task-1 BPA v9value\n";
        await using var reader = new FlowLogReader(SegmentedInput.Whole(header + line));
        var batch = new FlowRecordBatch();

        Assert.True(await reader.ReadBatchAsync(batch));
        Assert.Equal(0, reader.Errors.Total);
        FlowRecordView r = batch[0];
        Assert.True(r.AccountId!.Value.IsUnknown);
        Assert.Equal(FlowAddress.Parse("2001:db8::1"), r.Address(FlowField.SrcAddr));
        Assert.Equal(0, r.Integer(FlowField.DstPort));
        Assert.Equal(FlowAction.Reject, r.Action);
        Assert.Equal("vpc-0a1b2c3d", r.ResourceId(FlowField.VpcId)!.Value.Format("vpc-"));
        Assert.Equal("subnet-00aa11bb22cc33dd4", r.ResourceId(FlowField.SubnetId)!.Value.Format("subnet-"));
        Assert.Equal("i-06f9249b", r.ResourceId(FlowField.InstanceId)!.Value.Format("i-"));
        Assert.Equal(27, r.Integer(FlowField.TcpFlags));
        Assert.Equal(TrafficType.IPv6, r.Type);
        Assert.Equal(FlowAddress.Parse("10.1.2.3"), r.Address(FlowField.PktSrcAddr));
        Assert.Equal(FlowAddress.Parse("fe80::1:2"), r.Address(FlowField.PktDstAddr));
        Assert.Equal("us-east-1", r.TextString("region"));
        Assert.Equal("use1-az1", r.TextString("az-id"));
        Assert.Equal(SublocationType.Outpost, r.SublocationType);
        Assert.Equal("op-123", r.TextString("sublocation-id"));
        Assert.Equal("S3", r.TextString("pkt-src-aws-service"));
        Assert.Equal("DYNAMODB", r.TextString("pkt-dst-aws-service"));
        Assert.Equal(FlowDirection.Egress, r.FlowDirection);
        Assert.Equal(8, r.Integer(FlowField.TrafficPath));
        Assert.Equal("arn:aws:ecs:us-east-1:1:cluster/c", r.TextString("ecs-cluster-arn"));
        Assert.Equal("task-1", r.TextString("ecs-task-id"));
        Assert.Equal("BPA", r.TextString("reject-reason"));
        Assert.Equal("v9value", r.TextString("future-field"));
        Assert.Equal(FlowField.Unknown, batch.Layout.Columns[^1].Field);
    }

    [Theory]
    [InlineData("2001:db8:1234:a100:8d6e:3477:df66:f105")]
    [InlineData("2001:db8::")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1:2:3:4:5:6")]
    [InlineData("2001:DB8::AbCd")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("64:ff9b::192.0.2.33")]
    public async Task ReadBatchAsync_IPv6Forms_ParseToTheSameAddressAsTheBcl(string address)
    {
        string line = $"2 123456789010 eni-1235b8ca123456789 {address} 10.0.0.1 1 2 6 1 1 1 2 ACCEPT OK\n";
        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(line));

        Assert.Empty(result.Errors);
        Assert.Contains($"srcaddr={System.Net.IPAddress.Parse(address).ToString().Replace("::ffff:", "")}", result.Records[0]);
    }

    [Fact]
    public async Task ReadBatchAsync_CrLfTrailingSpacesRunsOfSpacesAndBlankLines_AreAccepted()
    {
        string text = "  \r\n"
            + "2 123456789010 eni-1235b8ca123456789 1.2.3.4 5.6.7.8 0 0 1 4 336 1432917027 1432917142 ACCEPT OK   \r\n"
            + "\n"
            + "2  123456789010   eni-1235b8ca123456789 1.2.3.4 5.6.7.8 0 0 1 4 336 1432917027 1432917142 REJECT OK\r\n";
        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(text));

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Records.Count);
        Assert.StartsWith("2: version=2 account-id=123456789010", result.Records[0]);
        Assert.EndsWith("action=Reject log-status=Ok", result.Records[1]);
        Assert.Equal(4, result.Lines);
    }

    [Fact]
    public async Task ReadBatchAsync_HeaderRepeatedAndChangedMidFile_AppliesEachLayoutToTheLinesAfterIt()
    {
        string text = "version srcaddr bytes\n2 1.1.1.1 10\nversion srcaddr bytes\n2 2.2.2.2 20\nbytes version\n30 3\n";
        await using var reader = new FlowLogReader(SegmentedInput.Whole(text));
        var batch = new FlowRecordBatch();
        var layouts = new List<string>();
        long bytes = 0;
        while (await reader.ReadBatchAsync(batch))
        {
            layouts.Add(batch.Layout.ToString());
            foreach (long b in batch.Integers(FlowField.Bytes))
            {
                bytes += b;
            }
        }

        Assert.Equal(["version srcaddr bytes", "bytes version"], layouts);
        Assert.Equal(60, bytes);
        Assert.Equal(3, reader.HeaderLines);
        Assert.Equal(0, reader.Errors.Total);
    }

    [Fact]
    public async Task ReadBatchAsync_TransitGatewayHeader_IsRecognisedAsTransitGateway()
    {
        string text = "version resource-type account-id tgw-id tgw-attachment-id srcaddr dstaddr packets bytes start end log-status\n"
            + "6 TransitGateway 123456789012 tgw-0a1 tgw-attach-0b2 10.0.0.1 10.1.0.1 5 500 1700000000 1700000060 OK\n";
        await using var reader = new FlowLogReader(SegmentedInput.Whole(text));
        var batch = new FlowRecordBatch();

        Assert.True(await reader.ReadBatchAsync(batch));
        Assert.Equal(FlowLogKind.TransitGateway, batch.Layout.Kind);
        Assert.Equal(500, batch[0].Integer(FlowField.Bytes));
        Assert.Equal("tgw-0a1", batch[0].TextString("tgw-id"));
    }

    [Fact]
    public async Task ReadBatchAsync_FormatGiven_ReadsHeaderlessLinesWithIt()
    {
        FlowLayout layout = FlowHeader.ParseFormat("${interface-id} ${bytes} ${action}");
        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole("eni-0a 12 ACCEPT\n"), layout);

        Assert.Equal(["1: interface-id=eni-0a bytes=12 action=Accept"], result.Records);
    }

    [Fact]
    public async Task ReadBatchAsync_LastLineWithoutNewline_IsRead()
    {
        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(AwsDefaultExample.TrimEnd('\n')));

        Assert.Single(result.Records);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task ReadBatchAsync_EmptyInput_ReturnsFalse()
    {
        await using var reader = new FlowLogReader(SegmentedInput.Whole(""));

        Assert.False(await reader.ReadBatchAsync(new FlowRecordBatch()));
        Assert.Equal(0, reader.Lines);
    }

    [Fact]
    public async Task ReadBatchAsync_BadLineBetweenGoodOnes_KeepsTheNeighbours()
    {
        string text = AwsDefaultExample + "garbage\n" + AwsDefaultExample;
        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(text));

        Assert.Equal(2, result.Records.Count);
        Assert.Equal(["2: too few fields"], result.Errors);
    }

    [Fact]
    public async Task ReadBatchAsync_BatchCapacity_SplitsRecordsAcrossBatchesWithoutLoss()
    {
        string text = string.Concat(Enumerable.Repeat(AwsDefaultExample, 10));
        await using var reader = new FlowLogReader(SegmentedInput.Whole(text));
        var batch = new FlowRecordBatch(4);
        var sizes = new List<int>();
        while (await reader.ReadBatchAsync(batch))
        {
            sizes.Add(batch.Count);
        }

        Assert.Equal([4, 4, 2], sizes);
    }
}
