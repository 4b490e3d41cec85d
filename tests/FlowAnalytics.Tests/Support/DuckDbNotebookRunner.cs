using System.Text.RegularExpressions;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.Support;

/// <summary>
/// Runs the SQL of a Python/DuckDB notebook's cells (<c>duckdb.sql(f"""…""")</c>, with <c>{OUT}</c>
/// for the output directory) through DuckDB.NET: the same engine the notebook calls from Python.
/// Cells without SQL produce nothing. Results print as <see cref="TextTable"/>s.
/// </summary>
internal static partial class DuckDbNotebookRunner
{
    /// <summary>Each cell's SQL result (null for cells without SQL), and the raw rows for comparisons.</summary>
    public static List<(string? Sql, string[] Names, List<object?[]> Rows)> Run(IReadOnlyList<string> cells, string outputDirectory)
    {
        using var duck = new DuckDbQuery();
        var results = new List<(string?, string[], List<object?[]>)>();
        foreach (string cell in cells)
        {
            Match sql = SqlCall().Match(cell);
            if (!sql.Success)
            {
                results.Add((null, [], []));
                continue;
            }

            string text = sql.Groups[1].Value.Replace("{OUT}", outputDirectory.Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal);
            (string[] names, List<object?[]> rows) = duck.Query(text);
            results.Add((text, names, rows));
        }

        return results;
    }

    [GeneratedRegex("duckdb\\.sql\\(f\"\"\"(.*?)\"\"\"\\)", RegexOptions.Singleline)]
    private static partial Regex SqlCall();
}
