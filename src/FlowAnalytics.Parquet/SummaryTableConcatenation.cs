using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Parquet;

/// <summary>Joins the parts of one table, read from several files, into one table.</summary>
internal static class SummaryTableConcatenation
{
    /// <summary>
    /// The rows of <paramref name="parts"/> one after another under <paramref name="name"/>. Every part
    /// must have the first part's column names and types in the same order.
    /// </summary>
    /// <exception cref="InvalidDataException">A part's schema differs; <paramref name="sources"/> names it.</exception>
    internal static SummaryTable Concatenate(string name, IReadOnlyList<SummaryTable> parts, IReadOnlyList<string> sources)
    {
        SummaryTable first = parts[0];
        long totalRows = 0;
        for (int p = 0; p < parts.Count; p++)
        {
            ThrowIfSchemaDiffers(first, parts[p], sources[0], sources[p]);
            totalRows += parts[p].RowCount;
        }

        if (parts.Count == 1)
        {
            return new SummaryTable(name, first.RowCount, first.Columns);
        }

        if (totalRows > Array.MaxLength)
        {
            throw new InvalidDataException($"Table {name}: {totalRows} rows is more than one summary table holds.");
        }

        var columns = new SummaryColumn[first.Columns.Count];
        for (int c = 0; c < columns.Length; c++)
        {
            SummaryColumn target = SummaryColumn.Create(first.Columns[c].Name, first.Columns[c].Type, (int)totalRows);
            int offset = 0;
            foreach (SummaryTable part in parts)
            {
                SummaryColumn source = part.Columns[c];
                switch (target.Type)
                {
                    case SummaryColumnType.Timestamp or SummaryColumnType.Int64:
                        source.Int64Values!.CopyTo(target.Int64Values!, offset);
                        break;
                    case SummaryColumnType.Double:
                        source.DoubleValues!.CopyTo(target.DoubleValues!, offset);
                        break;
                    case SummaryColumnType.String:
                        source.StringValues!.CopyTo(target.StringValues!, offset);
                        break;
                    default:
                        source.BinaryValues!.CopyTo(target.BinaryValues!, offset);
                        break;
                }

                offset += part.RowCount;
            }

            columns[c] = target;
        }

        return new SummaryTable(name, (int)totalRows, columns);
    }

    private static void ThrowIfSchemaDiffers(SummaryTable expected, SummaryTable actual, string expectedSource, string actualSource)
    {
        bool same = expected.Columns.Count == actual.Columns.Count;
        for (int c = 0; same && c < expected.Columns.Count; c++)
        {
            same = expected.Columns[c].Name == actual.Columns[c].Name && expected.Columns[c].Type == actual.Columns[c].Type;
        }

        if (!same)
        {
            throw new InvalidDataException(
                $"{actualSource} has columns ({Describe(actual)}) but {expectedSource} has ({Describe(expected)}); parts of one table must share a schema.");
        }
    }

    private static string Describe(SummaryTable table)
    {
        var columns = new string[table.Columns.Count];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = $"{table.Columns[c].Name} {table.Columns[c].Type}";
        }

        return string.Join(", ", columns);
    }
}
