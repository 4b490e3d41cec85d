namespace FlowAnalytics.Aggregation;

/// <summary>
/// One column of a <see cref="SummaryTable"/>: a name, a type and the values, nullable. Values live
/// in the array that matches the type: <see cref="Int64Values"/> for Timestamp and Int64,
/// <see cref="DoubleValues"/>, <see cref="StringValues"/> or <see cref="BinaryValues"/>.
/// </summary>
public sealed class SummaryColumn
{
    private SummaryColumn(string name, SummaryColumnType type, int rows)
    {
        Name = name;
        Type = type;
        switch (type)
        {
            case SummaryColumnType.Timestamp or SummaryColumnType.Int64:
                Int64Values = new long?[rows];
                break;
            case SummaryColumnType.Double:
                DoubleValues = new double?[rows];
                break;
            case SummaryColumnType.String:
                StringValues = new string?[rows];
                break;
            default:
                BinaryValues = new byte[]?[rows];
                break;
        }
    }

    /// <summary>The column name (snake_case, as in the output schema).</summary>
    public string Name { get; }

    /// <summary>The column type.</summary>
    public SummaryColumnType Type { get; }

    /// <summary>Values of Timestamp (µs since epoch, UTC) and Int64 columns.</summary>
    public long?[]? Int64Values { get; }

    /// <summary>Values of Double columns.</summary>
    public double?[]? DoubleValues { get; }

    /// <summary>Values of String columns.</summary>
    public string?[]? StringValues { get; }

    /// <summary>Values of Binary columns.</summary>
    public byte[]?[]? BinaryValues { get; }

    /// <summary>Creates a column of <paramref name="rows"/> null values.</summary>
    public static SummaryColumn Create(string name, SummaryColumnType type, int rows) => new(name, type, rows);
}
