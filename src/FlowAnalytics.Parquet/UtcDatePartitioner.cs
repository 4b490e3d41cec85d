using System.Globalization;
using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Parquet;

/// <summary>
/// Splits a summary table into Hive-style daily partitions by the UTC date of one of its Timestamp
/// columns. Shared by the local sink and any other sink that lays tables out the same way.
/// </summary>
public static class UtcDatePartitioner
{
    /// <summary>The partition key: folders are named <c>date=YYYY-MM-DD</c>.</summary>
    public const string PartitionKey = "date";

    /// <summary>The folder value for rows whose partition column is null, as Hive, Spark and DuckDB name it.</summary>
    public const string NullPartitionValue = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>
    /// The partitions of <paramref name="table"/> by the UTC date of <paramref name="timestampColumn"/>:
    /// dates ascending, the null partition last, rows in their original order. An empty table has no
    /// partitions; a table whose rows all share one date is returned as it is, without a copy.
    /// </summary>
    /// <exception cref="ArgumentException">The column is missing or not a Timestamp, or the table is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp lies outside years 0001–9999.</exception>
    public static IReadOnlyList<SummaryTablePartition> Split(SummaryTable table, string timestampColumn)
    {
        SummaryTableValidation.ThrowIfInvalid(table);
        ArgumentException.ThrowIfNullOrEmpty(timestampColumn);
        long?[] timestamps = PartitionValues(table, timestampColumn);

        // Pass 1: each row's date, and the set of dates. Day numbers sort as dates do; null sorts last.
        var dates = new DateOnly?[table.RowCount];
        var rowsPerDate = new SortedDictionary<int, int>();
        int nullRows = 0;
        for (int row = 0; row < dates.Length; row++)
        {
            if (timestamps[row] is { } us)
            {
                DateOnly date = UnixMicroseconds.ToUtcDate(us, timestampColumn);
                dates[row] = date;
                rowsPerDate[date.DayNumber] = rowsPerDate.GetValueOrDefault(date.DayNumber) + 1;
            }
            else
            {
                nullRows++;
            }
        }

        var partitionDates = new List<DateOnly?>(rowsPerDate.Count + 1);
        var partitionRows = new List<int>(rowsPerDate.Count + 1);
        var partitionOfDay = new Dictionary<int, int>(rowsPerDate.Count);
        foreach ((int dayNumber, int rows) in rowsPerDate)
        {
            partitionOfDay[dayNumber] = partitionDates.Count;
            partitionDates.Add(DateOnly.FromDayNumber(dayNumber));
            partitionRows.Add(rows);
        }

        if (nullRows > 0)
        {
            partitionDates.Add(null);
            partitionRows.Add(nullRows);
        }

        if (partitionDates.Count == 1)
        {
            return [new SummaryTablePartition(partitionDates[0], DirectoryName(partitionDates[0]), table)];
        }

        // Pass 2: where each row goes, then copy column by column.
        int nullPartition = partitionDates.Count - 1;
        var targetPartition = new int[table.RowCount];
        var targetRow = new int[table.RowCount];
        var filled = new int[partitionDates.Count];
        for (int row = 0; row < dates.Length; row++)
        {
            int partition = dates[row] is { } date ? partitionOfDay[date.DayNumber] : nullPartition;
            targetPartition[row] = partition;
            targetRow[row] = filled[partition]++;
        }

        var columns = new SummaryColumn[partitionDates.Count][];
        for (int p = 0; p < columns.Length; p++)
        {
            columns[p] = new SummaryColumn[table.Columns.Count];
        }

        for (int c = 0; c < table.Columns.Count; c++)
        {
            SummaryColumn source = table.Columns[c];
            for (int p = 0; p < columns.Length; p++)
            {
                columns[p][c] = SummaryColumn.Create(source.Name, source.Type, partitionRows[p]);
            }

            for (int row = 0; row < table.RowCount; row++)
            {
                CopyCell(source, row, columns[targetPartition[row]][c], targetRow[row]);
            }
        }

        var partitions = new SummaryTablePartition[columns.Length];
        for (int p = 0; p < partitions.Length; p++)
        {
            partitions[p] = new SummaryTablePartition(
                partitionDates[p], DirectoryName(partitionDates[p]), new SummaryTable(table.Name, partitionRows[p], columns[p]));
        }

        return partitions;
    }

    /// <summary>The Hive folder name for <paramref name="date"/>: <c>date=YYYY-MM-DD</c>, or the null partition's.</summary>
    public static string DirectoryName(DateOnly? date) =>
        date is { } value
            ? string.Concat(PartitionKey, "=", value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : string.Concat(PartitionKey, "=", NullPartitionValue);

    private static long?[] PartitionValues(SummaryTable table, string timestampColumn)
    {
        foreach (SummaryColumn column in table.Columns)
        {
            if (column.Name == timestampColumn)
            {
                return column.Type == SummaryColumnType.Timestamp
                    ? column.Int64Values!
                    : throw new ArgumentException(
                        $"Partition column {timestampColumn} of table {table.Name} is {column.Type}, not Timestamp.", nameof(timestampColumn));
            }
        }

        throw new ArgumentException($"Table {table.Name} has no partition column {timestampColumn}.", nameof(timestampColumn));
    }

    private static void CopyCell(SummaryColumn source, int sourceRow, SummaryColumn target, int targetRow)
    {
        switch (source.Type)
        {
            case SummaryColumnType.Timestamp or SummaryColumnType.Int64:
                target.Int64Values![targetRow] = source.Int64Values![sourceRow];
                break;
            case SummaryColumnType.Double:
                target.DoubleValues![targetRow] = source.DoubleValues![sourceRow];
                break;
            case SummaryColumnType.String:
                target.StringValues![targetRow] = source.StringValues![sourceRow];
                break;
            default:
                target.BinaryValues![targetRow] = source.BinaryValues![sourceRow];
                break;
        }
    }
}
