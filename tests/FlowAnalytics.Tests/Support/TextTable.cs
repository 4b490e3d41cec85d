using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Tests.Support;

/// <summary>
/// Query results and DataFrames as box-drawn text tables (DuckDB's own style), the text/plain form
/// the notebooks' saved outputs take: culture-invariant, numbers right-aligned, NULL spelled out.
/// </summary>
internal static class TextTable
{
    /// <summary>Rows as a box table with a header.</summary>
    public static string Format(string[] names, List<object?[]> rows)
    {
        string Cell(object? v) => v switch
        {
            null => "NULL",
            DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString() ?? string.Empty,
        };
        List<string[]> cells = [.. rows.Select(r => r.Select(Cell).ToArray())];
        int[] widths = [.. names.Select((n, i) => Math.Max(n.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max()))];
        bool[] numeric = [.. names.Select((_, i) => rows.Count > 0 && rows.All(r => r[i] is null or long or int or double or decimal or System.Numerics.BigInteger))];
        var text = new StringBuilder();
        string Line(string left, string middle, string right) => left + string.Join(middle, widths.Select(w => new string('─', w + 2))) + right + "\n";
        text.Append(Line("┌", "┬", "┐"));
        text.Append("│ ").Append(string.Join(" │ ", names.Select((n, i) => n.PadRight(widths[i])))).Append(" │\n");
        text.Append(Line("├", "┼", "┤"));
        foreach (string[] row in cells)
        {
            text.Append("│ ").Append(string.Join(" │ ", row.Select((c, i) => numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i])))).Append(" │\n");
        }

        return text.Append(Line("└", "┴", "┘")).ToString().TrimEnd('\n');
    }

    /// <summary>A DataFrame's rows as a box table.</summary>
    public static string Format(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Format(
            [.. frame.Columns.Select(c => c.Name)],
            [.. Enumerable.Range(0, (int)frame.Rows.Count).Select(r => frame.Columns.Select(c => c[r]).ToArray())]);
    }
}
