using FlowAnalytics.Parquet;
using FlowAnalytics.Records;
using static FlowAnalytics.Tests.Parquet.ParquetFlowLogFile;

namespace FlowAnalytics.Tests.Parquet;

/// <summary>AWS's Parquet flow logs written with Parquet.Net, read back by <see cref="ParquetFlowLogReader"/>.</summary>
public sealed class ParquetFlowLogReaderTests : IDisposable
{
    private const string Eni = "eni-0a1b2c3d4e5f60718";
    private const string Vpc = "vpc-0123456789abcdef0";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Three rows: an IPv4 record, a NODATA record of nulls, an IPv6 record; plus two unknown columns and a double one.</summary>
    private static List<Column> SampleColumns(bool int64) =>
    [
        Integer(int64, "version", 5, 5, 5),
        Column.Text("account_id", "123456789012", "123456789012", "unknown"),
        Column.Text("interface_id", Eni, Eni, Eni),
        Column.Text("srcaddr", "10.0.1.5", null, "2001:db8::1"),
        Column.Text("dstaddr", "10.0.2.9", null, "2001:db8:0:0:0:0:0:2"),
        Integer(int64, "srcport", 49152, null, 443),
        Integer(int64, "dstport", 443, null, 0),
        Integer(int64, "protocol", 6, null, 58),
        Column.Int64("packets", 10, null, 3_000_000_000),
        Column.Int64("bytes", 8_400, null, 5_000_000_000_000),
        Column.Int64("start", 1_800_000_000, 1_800_000_060, 1_800_000_120),
        Column.Int64("end", 1_800_000_059, 1_800_000_119, 1_800_000_179),
        Column.Text("action", "ACCEPT", null, "REJECT"),
        Column.Text("log_status", "OK", "NODATA", "OK"),
        Column.Text("vpc_id", Vpc, Vpc, null),
        Integer(int64, "tcp_flags", 18, null, 3),
        Column.Text("type", "IPv4", null, "IPv6"),
        Column.Text("flow_direction", "ingress", null, "egress"),
        Column.Text("pkt_src_aws_service", "S3", null, null),
        Column.Text("future_field", "x1", null, "x3"),
        Column.Int64("future_count", 7, 8, null),
        new Column("ratio", typeof(double), [0.5, 1.5, 2.5]),
    ];

    private static Column Integer(bool int64, string name, params int?[] values) =>
        int64 ? Column.Int64(name, [.. values.Select(v => (long?)v)]) : Column.Int32(name, values);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadBatchAsync_Int32OrInt64Columns_ExactTypedValues(bool int64)
    {
        string path = Path.Combine(_directory.Path, "flows.log.parquet");
        await WriteWithDoublesAsync(path, SampleColumns(int64));

        await using ParquetFlowLogReader reader = await ParquetFlowLogReader.OpenAsync(File.OpenRead(path));
        var batch = new FlowRecordBatch();
        Assert.True(await reader.ReadBatchAsync(batch));

        Assert.Equal(
            "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status "
            + "vpc-id tcp-flags type flow-direction pkt-src-aws-service future-field future-count",
            reader.Layout.ToString());
        Assert.Equal(3, batch.Count);
        Assert.Equal([1L, 2L, 3L], batch.LineNumbers.ToArray());
        Assert.Equal([5L, 5L, 5L], batch.Integers(FlowField.Version).ToArray());
        Assert.Equal([AccountId.Create(123456789012, 12), AccountId.Create(123456789012, 12), AccountId.Unknown], batch.AccountIds.ToArray());
        Assert.All(batch.ResourceIds(FlowField.InterfaceId).ToArray(), id => Assert.Equal(ResourceId.Parse(Eni, "eni-"), id));
        Assert.Equal(
            [FlowAddress.Parse("10.0.1.5"), default, FlowAddress.Parse("2001:db8::1")],
            batch.Addresses(FlowField.SrcAddr).ToArray());
        Assert.Equal(FlowAddress.Parse("2001:db8::2"), batch.Addresses(FlowField.DstAddr)[2]);
        Assert.Equal([49152L, 0L, 443L], batch.Integers(FlowField.SrcPort).ToArray());
        Assert.Equal([443L, 0L, 0L], batch.Integers(FlowField.DstPort).ToArray());
        Assert.Equal([6L, 0L, 58L], batch.Integers(FlowField.Protocol).ToArray());
        Assert.Equal([10L, 0L, 3_000_000_000L], batch.Integers(FlowField.Packets).ToArray());
        Assert.Equal([8_400L, 0L, 5_000_000_000_000L], batch.Integers(FlowField.Bytes).ToArray());
        Assert.Equal([1_800_000_000L, 1_800_000_060L, 1_800_000_120L], batch.Integers(FlowField.Start).ToArray());
        Assert.Equal([1_800_000_059L, 1_800_000_119L, 1_800_000_179L], batch.Integers(FlowField.End).ToArray());
        Assert.Equal([(byte)FlowAction.Accept, (byte)0, (byte)FlowAction.Reject], batch.Words(FlowField.Action).ToArray());
        Assert.Equal([(byte)LogStatus.Ok, (byte)LogStatus.NoData, (byte)LogStatus.Ok], batch.Words(FlowField.LogStatus).ToArray());
        Assert.Equal([ResourceId.Parse(Vpc, "vpc-"), ResourceId.Parse(Vpc, "vpc-"), default], batch.ResourceIds(FlowField.VpcId).ToArray());
        Assert.Equal([18L, 0L, 3L], batch.Integers(FlowField.TcpFlags).ToArray());
        Assert.Equal([(byte)TrafficType.IPv4, (byte)0, (byte)TrafficType.IPv6], batch.Words(FlowField.Type).ToArray());
        Assert.Equal([(byte)FlowDirection.Ingress, (byte)0, (byte)FlowDirection.Egress], batch.Words(FlowField.FlowDirection).ToArray());

        // Null is the text format's "-": absent from the presence mask, never a zero value.
        Assert.True(Has(batch, 0, FlowField.SrcAddr) && Has(batch, 0, FlowField.Packets) && Has(batch, 0, FlowField.Action));
        Assert.False(Has(batch, 1, FlowField.SrcAddr) || Has(batch, 1, FlowField.Packets) || Has(batch, 1, FlowField.Action) || Has(batch, 1, FlowField.TcpFlags));
        Assert.True(Has(batch, 1, FlowField.LogStatus) && Has(batch, 1, FlowField.Start));
        Assert.False(Has(batch, 2, FlowField.VpcId));

        Assert.Equal("S3 - -", Texts(batch, reader.Layout, "pkt-src-aws-service"));
        Assert.Equal("x1 - x3", Texts(batch, reader.Layout, "future-field"));
        Assert.Equal("7 8 -", Texts(batch, reader.Layout, "future-count"));

        Assert.False(await reader.ReadBatchAsync(batch));
        Assert.Equal(3, reader.Lines);
        Assert.Equal(3, reader.Records);
        Assert.Equal(0, reader.Errors.Total);
    }

    [Fact]
    public async Task ReadBatchAsync_RequiredColumns_ReadLikeNullableOnes()
    {
        string path = Path.Combine(_directory.Path, "required.log.parquet");
        await WriteAsync(
            path,
            [Column.Int32("version", 2, 2), Column.Text("interface_id", Eni, Eni), Column.Int64("bytes", 1, 2), Column.Text("log_status", "OK", "SKIPDATA")],
            nullable: false);

        await using ParquetFlowLogReader reader = await ParquetFlowLogReader.OpenAsync(File.OpenRead(path));
        var batch = new FlowRecordBatch();
        Assert.True(await reader.ReadBatchAsync(batch));

        Assert.Equal([1L, 2L], batch.Integers(FlowField.Bytes).ToArray());
        Assert.Equal([(byte)LogStatus.Ok, (byte)LogStatus.SkipData], batch.Words(FlowField.LogStatus).ToArray());
        Assert.True(Has(batch, 1, FlowField.Bytes));
    }

    [Fact]
    public async Task ReadBatchAsync_BadValues_RowsRejectedWithTheTextReadersReasons()
    {
        string path = Path.Combine(_directory.Path, "bad.log.parquet");
        await WriteAsync(
            path,
            [
                Column.Text("interface_id", Eni, "eni-xyz", Eni, Eni, Eni, Eni, Eni, Eni),
                Column.Text("account_id", "123456789012", "123456789012", "12345678901234", "123456789012", "123456789012", "123456789012", "123456789012", "123456789012"),
                Column.Text("srcaddr", "10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.300", "10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.1"),
                Column.Int32("dstport", 443, 443, 443, 443, 70000, 443, 443, 443),
                Column.Int64("packets", 1, 1, 1, 1, 1, -1, 1, 1),
                Column.Text("action", "ACCEPT", "ACCEPT", "ACCEPT", "ACCEPT", "ACCEPT", "ACCEPT", "MAYBE", "REJECT"),
                Column.Text("start", "1800000000", "1800000000", "1800000000", "1800000000", "1800000000", "1800000000", "1800000000", "18e8"),
            ]);

        await using ParquetFlowLogReader reader = await ParquetFlowLogReader.OpenAsync(File.OpenRead(path));
        var batch = new FlowRecordBatch();
        Assert.True(await reader.ReadBatchAsync(batch));

        Assert.Equal([1L], batch.LineNumbers.ToArray());
        Assert.Equal(8, reader.Lines);
        Assert.Equal(1, reader.Records);
        Assert.Equal(
            [
                (2L, "bad id in interface-id", "interface_id=eni-xyz"),
                (3L, "bad account id in account-id", "account_id=12345678901234"),
                (4L, "bad address in srcaddr", "srcaddr=10.0.0.300"),
                (5L, "number out of range in dstport", "dstport=70000"),
                (6L, "number out of range in packets", "packets=-1"),
                (7L, "bad value in action", "action=MAYBE"),
                (8L, "bad number in start", "start=18e8"),
            ],
            reader.Errors.Samples.Select(e => (e.LineNumber, e.Message, e.Excerpt)));
        Assert.Equal(7, reader.Errors.Total);
    }

    [Fact]
    public async Task ReadBatchAsync_ManyRowGroups_EveryRowOnceInOrder()
    {
        const int Rows = 5_000;
        string path = Path.Combine(_directory.Path, "groups.log.parquet");
        await WriteAsync(
            path,
            [Column.Int64("bytes", [.. Enumerable.Range(1, Rows).Select(i => (long?)i)]), Column.Text("log_status", [.. Enumerable.Repeat("OK", Rows)])],
            rowGroupRows: 700);

        await using ParquetFlowLogReader reader = await ParquetFlowLogReader.OpenAsync(File.OpenRead(path));
        var batch = new FlowRecordBatch();
        var bytes = new List<long>();
        var lines = new List<long>();
        while (await reader.ReadBatchAsync(batch))
        {
            bytes.AddRange(batch.Integers(FlowField.Bytes).ToArray());
            lines.AddRange(batch.LineNumbers.ToArray());
        }

        Assert.Equal(Enumerable.Range(1, Rows).Select(i => (long)i), bytes);
        Assert.Equal(Enumerable.Range(1, Rows).Select(i => (long)i), lines);
        Assert.Equal(Rows, reader.Lines);
    }

    [Fact]
    public async Task OpenAsync_StreamThatCannotSeek_ReadThroughATemporaryCopy()
    {
        string path = Path.Combine(_directory.Path, "s3.log.parquet");
        await WriteAsync(path, [Column.Text("interface_id", Eni, Eni), Column.Int32("srcport", 1, 2)]);

        await using ParquetFlowLogReader reader = await ParquetFlowLogReader.OpenAsync(new ForwardOnlyStream(File.ReadAllBytes(path)));
        var batch = new FlowRecordBatch();
        Assert.True(await reader.ReadBatchAsync(batch));

        Assert.Equal([1L, 2L], batch.Integers(FlowField.SrcPort).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(-8)]
    public async Task OpenAsync_TruncatedOrDamagedFile_InvalidData(int cut)
    {
        string path = Path.Combine(_directory.Path, "damaged.log.parquet");
        await WriteAsync(path, [Column.Text("interface_id", Eni, Eni), Column.Int32("srcport", 1, 2)]);
        byte[] bytes = File.ReadAllBytes(path);
        byte[] damaged = cut switch
        {
            0 => bytes[..(bytes.Length / 2)],
            > 0 => [.. bytes[..^cut], .. "PAR1"u8.ToArray()],
            _ => Damage(bytes),
        };

        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await using ParquetFlowLogReader reader = await ParquetFlowLogReader.OpenAsync(new MemoryStream(damaged));
            var batch = new FlowRecordBatch();
            while (await reader.ReadBatchAsync(batch))
            {
            }
        });
    }

    [Fact]
    public async Task OpenAsync_KnownFieldOfAnotherType_InvalidData()
    {
        string path = Path.Combine(_directory.Path, "typed.log.parquet");
        await WriteWithDoublesAsync(path, [Column.Text("interface_id", Eni), new Column("bytes", typeof(double), [1.5])]);

        InvalidDataException e = await Assert.ThrowsAsync<InvalidDataException>(
            async () => await ParquetFlowLogReader.OpenAsync(File.OpenRead(path)));
        Assert.Contains("bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_TransitGatewayColumns_RecognisedAsSuch()
    {
        string path = Path.Combine(_directory.Path, "tgw.log.parquet");
        await WriteAsync(path, [Column.Text("resource_type", "TransitGateway"), Column.Text("tgw_id", "tgw-0123"), Column.Int64("bytes", 5)]);

        await using ParquetFlowLogReader reader = await ParquetFlowLogReader.OpenAsync(File.OpenRead(path));

        Assert.Equal(FlowLogKind.TransitGateway, reader.Layout.Kind);
        Assert.Equal("resource-type tgw-id bytes", reader.Layout.ToString());
    }

    [Fact]
    public void Matches_ParquetAndTextHeads()
    {
        Assert.True(ParquetFlowLogFormat.Instance.Matches("PAR1"u8));
        Assert.False(ParquetFlowLogFormat.Instance.Matches("vers"u8));
        Assert.False(ParquetFlowLogFormat.Instance.Matches("PA"u8));
        Assert.False(ParquetFlowLogFormat.Instance.Matches([0x1F, 0x8B, 8, 0]));
    }

    // Flips bytes in the middle of the column data and footer, keeping both magics.
    private static byte[] Damage(byte[] bytes)
    {
        byte[] copy = [.. bytes];
        for (int i = 4; i < copy.Length - 4; i += 3)
        {
            copy[i] ^= 0x5A;
        }

        return copy;
    }

    private static bool Has(FlowRecordBatch batch, int row, FlowField field) => (batch.Presence[row] & (1UL << (int)field)) != 0;

    private static string Texts(FlowRecordBatch batch, FlowLayout layout, string name)
    {
        int slot = -1;
        foreach (FlowColumn column in layout.Columns)
        {
            if (column.Name == name)
            {
                slot = column.TextSlot;
            }
        }

        Assert.True(slot >= 0, name);
        return string.Join(' ', Enumerable.Range(0, batch.Count).Select(r => batch.IsTextNull(r, slot) ? "-" : System.Text.Encoding.UTF8.GetString(batch.Text(r, slot))));
    }

    // The helper writes int, long and string columns; a double column needs its own call.
    private static async Task WriteWithDoublesAsync(string path, List<Column> columns)
    {
        var fields = columns.Select(c => new global::Parquet.Schema.DataField(c.Name, c.Type, true)).ToArray();
        await using FileStream stream = File.Create(path);
        await using global::Parquet.ParquetWriter writer = await global::Parquet.ParquetWriter.CreateAsync(new global::Parquet.Schema.ParquetSchema(fields), stream);
        using global::Parquet.ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
        for (int c = 0; c < columns.Count; c++)
        {
            Column column = columns[c];
            if (column.Type == typeof(double))
            {
                await rowGroup.WriteAsync<double>(fields[c], column.Values.Select(v => (double?)v).ToArray().AsMemory());
            }
            else if (column.Type == typeof(string))
            {
                await rowGroup.WriteAsync(fields[c], column.Values.Cast<string>().ToArray());
            }
            else if (column.Type == typeof(int))
            {
                await rowGroup.WriteAsync<int>(fields[c], column.Values.Select(v => (int?)v).ToArray().AsMemory());
            }
            else
            {
                await rowGroup.WriteAsync<long>(fields[c], column.Values.Select(v => (long?)v).ToArray().AsMemory());
            }
        }
    }
}

/// <summary>A stream that only reads forward, like an S3 response body.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
