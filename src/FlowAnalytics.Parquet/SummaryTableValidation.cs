using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Parquet;

/// <summary>
/// Checks a <see cref="SummaryTable"/> before anything is written, so a malformed table fails with a
/// clear message instead of an index error halfway through a file.
/// </summary>
internal static class SummaryTableValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> unless every column holds exactly <see cref="SummaryTable.RowCount"/> values under a unique, non-empty name.</summary>
    internal static void ThrowIfInvalid(SummaryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.RowCount < 0)
        {
            throw new ArgumentException($"Table {table.Name} has a negative row count {table.RowCount}.", nameof(table));
        }

        if (table.Columns.Count == 0)
        {
            throw new ArgumentException($"Table {table.Name} has no columns; a Parquet file needs at least one.", nameof(table));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SummaryColumn column in table.Columns)
        {
            if (string.IsNullOrEmpty(column.Name))
            {
                throw new ArgumentException($"Table {table.Name} has a column without a name.", nameof(table));
            }

            if (!names.Add(column.Name))
            {
                throw new ArgumentException($"Table {table.Name} has two columns named {column.Name}.", nameof(table));
            }

            int length = ValueCount(column);
            if (length != table.RowCount)
            {
                throw new ArgumentException(
                    $"Column {column.Name} of table {table.Name} holds {length} values but the table has {table.RowCount} rows.",
                    nameof(table));
            }
        }
    }

    private static int ValueCount(SummaryColumn column) => column.Type switch
    {
        SummaryColumnType.Timestamp or SummaryColumnType.Int64 => column.Int64Values!.Length,
        SummaryColumnType.Double => column.DoubleValues!.Length,
        SummaryColumnType.String => column.StringValues!.Length,
        SummaryColumnType.Binary => column.BinaryValues!.Length,
        _ => throw new ArgumentException($"Column {column.Name} has an unknown type {column.Type}.", nameof(column)),
    };
}
