using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Tests.Parquet;

/// <summary>Cell-for-cell equality of summary tables, naming the first cell that differs.</summary>
internal static class SummaryTableAssert
{
    public static void Equal(SummaryTable expected, SummaryTable actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(
            expected.Columns.Select(c => (c.Name, c.Type)).ToArray(),
            actual.Columns.Select(c => (c.Name, c.Type)).ToArray());

        for (int c = 0; c < expected.Columns.Count; c++)
        {
            SummaryColumn e = expected.Columns[c];
            SummaryColumn a = actual.Columns[c];
            for (int row = 0; row < expected.RowCount; row++)
            {
                string cell = $"{e.Name}[{row}]";
                switch (e.Type)
                {
                    case SummaryColumnType.Timestamp or SummaryColumnType.Int64:
                        Assert.True(e.Int64Values![row] == a.Int64Values![row], $"{cell}: expected {e.Int64Values[row]}, got {a.Int64Values[row]}");
                        break;
                    case SummaryColumnType.Double:
                        // Bitwise, so NaN, -0.0 and the last bit of a tiny value all count.
                        Assert.True(
                            Bits(e.DoubleValues![row]) == Bits(a.DoubleValues![row]),
                            $"{cell}: expected {e.DoubleValues[row]}, got {a.DoubleValues[row]}");
                        break;
                    case SummaryColumnType.String:
                        Assert.True(e.StringValues![row] == a.StringValues![row], $"{cell}: expected {e.StringValues[row]}, got {a.StringValues[row]}");
                        break;
                    default:
                        byte[]? expectedBytes = e.BinaryValues![row];
                        byte[]? actualBytes = a.BinaryValues![row];
                        Assert.True(
                            expectedBytes is null ? actualBytes is null : actualBytes is not null && expectedBytes.AsSpan().SequenceEqual(actualBytes),
                            $"{cell}: blobs differ");
                        break;
                }
            }
        }
    }

    private static long? Bits(double? value) => value is { } v ? BitConverter.DoubleToInt64Bits(v) : null;
}
