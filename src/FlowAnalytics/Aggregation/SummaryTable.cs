namespace FlowAnalytics.Aggregation;

/// <summary>
/// A finished table of summary rows, column by column, as the sinks write it (one Parquet file per
/// table and partition). Built once per output partition at the end of a run, so it favours
/// plainness over compactness.
/// </summary>
public sealed class SummaryTable
{
    /// <summary>Creates a table of <paramref name="rowCount"/> rows with the given columns.</summary>
    public SummaryTable(string name, int rowCount, IReadOnlyList<SummaryColumn> columns)
    {
        Name = name;
        RowCount = rowCount;
        Columns = columns;
    }

    /// <summary>The table name, which is also its folder under the output (<c>endpoint_traffic</c>).</summary>
    public string Name { get; }

    /// <summary>Rows in the table.</summary>
    public int RowCount { get; }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<SummaryColumn> Columns { get; }

    /// <summary>The column named <paramref name="name"/>.</summary>
    public SummaryColumn this[string name]
    {
        get
        {
            foreach (SummaryColumn column in Columns)
            {
                if (column.Name == name)
                {
                    return column;
                }
            }

            throw new KeyNotFoundException($"Table {Name} has no column {name}.");
        }
    }
}
