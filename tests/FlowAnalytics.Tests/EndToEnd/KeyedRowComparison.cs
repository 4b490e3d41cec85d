using System.Globalization;
using System.Text;

namespace FlowAnalytics.Tests.EndToEnd;

/// <summary>How a compared column's values must agree.</summary>
internal enum Agreement
{
    /// <summary>Equal (strings, counts, exact maxima, timestamps).</summary>
    Exact,

    /// <summary>A sketch quantile: exact below 4096 s, within 0.5% relative error above (README "Error bounds").</summary>
    Quantile,

    /// <summary>A distinct count: exact up to 256, a HyperLogLog estimate (1.6% standard error) above.</summary>
    Distinct,
}

/// <summary>A column of a keyed row set and how expected and actual values must agree.</summary>
internal sealed record ComparedColumn(string Name, Agreement Agreement = Agreement.Exact, bool IsTimestamp = false);

/// <summary>
/// Compares two row sets keyed by their first columns: same key set, and per key the same values
/// (within each column's <see cref="Agreement"/>). The result is a readable diff, or null when
/// they agree.
/// </summary>
internal static class KeyedRowComparison
{
    /// <summary>The quantile sketch's exact range (values below it are exact).</summary>
    public const long ExactQuantileLimit = 4096;

    /// <summary>
    /// Three standard errors of the distinct-count estimate: a sketch further off than that is
    /// wrong, not unlucky.
    /// </summary>
    public const double DistinctTolerance = 3 * 0.0163;

    /// <summary>The <c>SELECT</c> list that yields the columns in order, timestamps as Unix seconds.</summary>
    public static string SelectList(IReadOnlyList<ComparedColumn> columns) =>
        string.Join(", ", columns.Select(c => c.IsTimestamp ? $"epoch({c.Name})::BIGINT AS {c.Name}" : c.Name));

    /// <summary>The differences between <paramref name="expected"/> and <paramref name="actual"/>, or null when none.</summary>
    /// <param name="what">Names the row sets in the message.</param>
    /// <param name="columns">The columns of both row sets, in order.</param>
    /// <param name="keyColumns">How many leading columns form the key.</param>
    /// <param name="expected">The oracle's rows.</param>
    /// <param name="actual">Our output's rows.</param>
    /// <param name="shown">How many differences of each kind the message lists.</param>
    public static string? Diff(
        string what, IReadOnlyList<ComparedColumn> columns, int keyColumns,
        IReadOnlyList<object?[]> expected, IReadOnlyList<object?[]> actual, int shown = 8)
    {
        var problems = new StringBuilder();
        Dictionary<string, object?[]> expectedByKey = Index("expected", columns, keyColumns, expected, problems);
        Dictionary<string, object?[]> actualByKey = Index("actual", columns, keyColumns, actual, problems);

        List<string> missing = expectedByKey.Keys.Where(k => !actualByKey.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        List<string> extra = actualByKey.Keys.Where(k => !expectedByKey.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var different = new List<string>();
        foreach ((string key, object?[] want) in expectedByKey.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!actualByKey.TryGetValue(key, out object?[]? got))
            {
                continue;
            }

            var cells = new List<string>();
            for (int c = keyColumns; c < columns.Count; c++)
            {
                if (!Agrees(columns[c].Agreement, want[c], got[c]))
                {
                    cells.Add($"{columns[c].Name}: expected {Show(columns[c], want[c])}, actual {Show(columns[c], got[c])}");
                }
            }

            if (cells.Count > 0)
            {
                different.Add($"{key} → {string.Join("; ", cells)}");
            }
        }

        if (problems.Length == 0 && missing.Count == 0 && extra.Count == 0 && different.Count == 0)
        {
            return null;
        }

        var message = new StringBuilder();
        message.AppendLine(CultureInfo.InvariantCulture,
            $"{what}: {expected.Count} expected rows, {actual.Count} actual; {missing.Count} keys missing from the output, {extra.Count} keys the oracle does not have, {different.Count} rows with different values.");
        message.AppendLine(CultureInfo.InvariantCulture, $"Key: ({string.Join(", ", columns.Take(keyColumns).Select(c => c.Name))})");
        message.Append(problems);
        Append(message, "Missing from the output", missing, shown, expectedByKey, columns, keyColumns);
        Append(message, "Not expected by the oracle", extra, shown, actualByKey, columns, keyColumns);
        if (different.Count > 0)
        {
            message.AppendLine("Different values:");
            foreach (string line in different.Take(shown))
            {
                message.Append("  ").AppendLine(line);
            }
        }

        return message.ToString();
    }

    private static Dictionary<string, object?[]> Index(
        string side, IReadOnlyList<ComparedColumn> columns, int keyColumns, IReadOnlyList<object?[]> rows, StringBuilder problems)
    {
        var byKey = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (object?[] raw in rows)
        {
            if (raw.Length != columns.Count)
            {
                throw new ArgumentException($"A {side} row has {raw.Length} values for {columns.Count} columns.");
            }

            object?[] row = raw.Select(Normalize).ToArray();
            string key = string.Join(" | ", Enumerable.Range(0, keyColumns).Select(c => Show(columns[c], row[c])));
            if (!byKey.TryAdd(key, row))
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"Duplicate {side} key: {key}");
            }
        }

        return byKey;
    }

    private static void Append(
        StringBuilder message, string title, List<string> keys, int shown, Dictionary<string, object?[]> rows,
        IReadOnlyList<ComparedColumn> columns, int keyColumns)
    {
        if (keys.Count == 0)
        {
            return;
        }

        message.AppendLine(CultureInfo.InvariantCulture, $"{title} ({keys.Count}):");
        foreach (string key in keys.Take(shown))
        {
            object?[] row = rows[key];
            string values = string.Join(", ", Enumerable.Range(keyColumns, columns.Count - keyColumns)
                .Where(c => columns[c].Name is "records" or "packets" or "bytes" or "rejected_records" or "nodata_records" or "first_start")
                .Select(c => $"{columns[c].Name}={Show(columns[c], row[c])}"));
            message.AppendLine(CultureInfo.InvariantCulture, $"  {key} ({values})");
        }
    }

    private static bool Agrees(Agreement agreement, object? expected, object? actual)
    {
        if (Equals(expected, actual))
        {
            return true;
        }

        if (expected is not long want || actual is not long got)
        {
            return false;
        }

        return agreement switch
        {
            // A bucket's representative is within 0.5% of every value in it; +1 s for rounding it.
            Agreement.Quantile => want >= ExactQuantileLimit && Math.Abs(got - want) <= (want * 0.005) + 1,
            Agreement.Distinct => want > 256 && Math.Abs(got - want) <= want * DistinctTolerance,
            _ => false,
        };
    }

    // DuckDB gives int, long or BigInteger depending on the SQL type: compare numbers as long.
    private static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        System.Numerics.BigInteger b => (long)b,
        IConvertible n => n.ToInt64(CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string Show(ComparedColumn column, object? value) => value switch
    {
        null => "NULL",
        long n when column.IsTimestamp => DateTimeOffset.FromUnixTimeSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
