using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;

namespace FlowAnalytics.Tests.Parquet;

public sealed class UtcDatePartitionerTests
{
    [Fact]
    public void Split_RowsAcrossDates_GroupsByUtcDateInOrderWithNullLast()
    {
        SummaryTable table = SummaryTableSamples.EveryType();

        IReadOnlyList<SummaryTablePartition> partitions = UtcDatePartitioner.Split(table, "window_start");

        Assert.Equal(
            [new DateOnly(1969, 12, 31), new DateOnly(2024, 3, 10), new DateOnly(2024, 3, 11), null],
            partitions.Select(p => p.Date));
        SummaryTableAssert.Equal(SummaryTableSamples.SelectRows(table, [4]), partitions[0].Table);
        SummaryTableAssert.Equal(SummaryTableSamples.SelectRows(table, [0, 2]), partitions[1].Table);
        SummaryTableAssert.Equal(SummaryTableSamples.SelectRows(table, [1, 5]), partitions[2].Table);
        SummaryTableAssert.Equal(SummaryTableSamples.SelectRows(table, [3]), partitions[3].Table);
    }

    [Theory]
    [InlineData(0L, "date=1970-01-01")]
    [InlineData(-1L, "date=1969-12-31")]
    [InlineData(86_399_999_999L, "date=1970-01-01")]
    [InlineData(86_400_000_000L, "date=1970-01-02")]
    [InlineData(-62_135_596_800_000_000L, "date=0001-01-01")]
    [InlineData(253_402_300_799_999_999L, "date=9999-12-31")]
    public void Split_OneRow_NamesTheFolderByFlooredUtcDate(long microseconds, string expectedFolder)
    {
        SummaryColumn column = SummaryColumn.Create("window_start", SummaryColumnType.Timestamp, 1);
        column.Int64Values![0] = microseconds;

        SummaryTablePartition partition = Assert.Single(UtcDatePartitioner.Split(new SummaryTable("t", 1, [column]), "window_start"));

        Assert.Equal(expectedFolder, partition.DirectoryName);
    }

    [Fact]
    public void Split_AllRowsOnOneDate_ReturnsTheTableWithoutCopying()
    {
        SummaryTable table = SummaryTableSamples.SelectRows(SummaryTableSamples.EveryType(), [0, 2]);

        SummaryTablePartition partition = Assert.Single(UtcDatePartitioner.Split(table, "window_start"));

        Assert.Same(table, partition.Table);
    }

    [Fact]
    public void Split_EmptyTable_ReturnsNoPartitions()
    {
        Assert.Empty(UtcDatePartitioner.Split(SummaryTableSamples.Empty(), "window_start"));
    }

    [Fact]
    public void Split_TimestampOutOfRange_Throws()
    {
        SummaryColumn column = SummaryColumn.Create("window_start", SummaryColumnType.Timestamp, 1);
        column.Int64Values![0] = long.MinValue;

        Assert.Throws<ArgumentOutOfRangeException>(() => UtcDatePartitioner.Split(new SummaryTable("t", 1, [column]), "window_start"));
    }
}
