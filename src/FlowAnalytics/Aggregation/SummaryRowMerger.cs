namespace FlowAnalytics.Aggregation;

/// <summary>
/// Combines tables written by several runs or shards into one: rows with equal keys become one row.
/// In traffic tables (<c>endpoint_traffic</c>, <c>eni_traffic</c>) counts are added, times are the
/// min and max, and quantiles and the distinct count come from the merged sketches; in count tables
/// (<c>service_paths</c>: key columns, then records, packets, bytes) the counts are added. Merging is
/// exact for counts and keeps the sketches' error bound, so a table merged from shards equals the
/// table of one run over all their objects. Rows come out in key order, column by column, nulls first.
/// </summary>
public static class SummaryRowMerger
{
    /// <summary>Merges <paramref name="tables"/>, which must share one schema: key columns, then the metric columns.</summary>
    /// <exception cref="InvalidDataException">The tables' schemas differ, or are not traffic tables.</exception>
    /// <exception cref="FormatException">A row's counts or sketches are missing or unreadable.</exception>
    public static SummaryTable Merge(IReadOnlyList<SummaryTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0)
        {
            throw new ArgumentException("Nothing to merge.", nameof(tables));
        }

        SummaryTable first = tables[0];
        foreach (SummaryTable table in tables)
        {
            ThrowIfSchemaDiffers(first, table);
        }

        if (IsCountTable(first))
        {
            return MergeCounts(tables);
        }

        int keyCount = KeyColumnCount(first);

        var merged = new Dictionary<RowKey, TrafficMetrics>();
        foreach (SummaryTable table in tables)
        {
            IReadOnlyList<SummaryColumn> columns = table.Columns;
            SummaryColumn[] metrics = [.. Slice(columns, keyCount)];
            for (int row = 0; row < table.RowCount; row++)
            {
                var key = RowKey.Of(columns, keyCount, row);
                TrafficMetrics restored = TrafficMetrics.FromRow(metrics, row);
                if (merged.TryGetValue(key, out TrafficMetrics? existing))
                {
                    existing.Merge(restored);
                }
                else
                {
                    merged.Add(key, restored);
                }
            }
        }

        var keys = new List<RowKey>(merged.Keys);
        keys.Sort();
        var keyColumns = new SummaryColumn[keyCount];
        for (int c = 0; c < keyCount; c++)
        {
            keyColumns[c] = SummaryColumn.Create(first.Columns[c].Name, first.Columns[c].Type, keys.Count);
        }

        var metricColumns = new TrafficMetricColumns(keys.Count);
        for (int row = 0; row < keys.Count; row++)
        {
            keys[row].CopyTo(keyColumns, row);
            metricColumns.Fill(row, merged[keys[row]]);
        }

        return new SummaryTable(first.Name, keys.Count, [.. keyColumns, .. metricColumns.Columns]);
    }

    private static bool IsCountTable(SummaryTable table)
    {
        IReadOnlyList<string> counts = ServicePathTable.CountColumns;
        int keys = table.Columns.Count - counts.Count;
        bool match = keys > 0;
        for (int i = 0; match && i < counts.Count; i++)
        {
            match = table.Columns[keys + i].Name == counts[i] && table.Columns[keys + i].Type == SummaryColumnType.Int64;
        }

        for (int c = 0; match && c < keys; c++)
        {
            match = table.Columns[c].Type is SummaryColumnType.String or SummaryColumnType.Timestamp or SummaryColumnType.Int64;
        }

        return match;
    }

    private static SummaryTable MergeCounts(IReadOnlyList<SummaryTable> tables)
    {
        SummaryTable first = tables[0];
        int countColumns = ServicePathTable.CountColumns.Count;
        int keyCount = first.Columns.Count - countColumns;
        var merged = new Dictionary<RowKey, long[]>();
        foreach (SummaryTable table in tables)
        {
            for (int row = 0; row < table.RowCount; row++)
            {
                var key = RowKey.Of(table.Columns, keyCount, row);
                if (!merged.TryGetValue(key, out long[]? sums))
                {
                    merged.Add(key, sums = new long[countColumns]);
                }

                for (int c = 0; c < countColumns; c++)
                {
                    sums[c] += table.Columns[keyCount + c].Int64Values![row] ?? 0;
                }
            }
        }

        var keys = new List<RowKey>(merged.Keys);
        keys.Sort();
        var columns = new SummaryColumn[first.Columns.Count];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = SummaryColumn.Create(first.Columns[c].Name, first.Columns[c].Type, keys.Count);
        }

        SummaryColumn[] keyColumns = columns[..keyCount];
        for (int row = 0; row < keys.Count; row++)
        {
            keys[row].CopyTo(keyColumns, row);
            long[] sums = merged[keys[row]];
            for (int c = 0; c < countColumns; c++)
            {
                columns[keyCount + c].Int64Values![row] = sums[c];
            }
        }

        return new SummaryTable(first.Name, keys.Count, columns);
    }

    private static int KeyColumnCount(SummaryTable table)
    {
        IReadOnlyList<string> names = TrafficMetricColumns.Names;
        int keys = table.Columns.Count - names.Count;
        bool traffic = keys > 0;
        for (int i = 0; traffic && i < names.Count; i++)
        {
            traffic = table.Columns[keys + i].Name == names[i];
        }

        for (int c = 0; traffic && c < keys; c++)
        {
            traffic = table.Columns[c].Type is SummaryColumnType.String or SummaryColumnType.Timestamp or SummaryColumnType.Int64;
        }

        return traffic
            ? keys
            : throw new InvalidDataException($"Table {table.Name} is not a traffic table: it does not end with the metric columns ({names[0]} … {names[^1]}).");
    }

    private static void ThrowIfSchemaDiffers(SummaryTable expected, SummaryTable actual)
    {
        bool same = expected.Name == actual.Name && expected.Columns.Count == actual.Columns.Count;
        for (int c = 0; same && c < expected.Columns.Count; c++)
        {
            same = expected.Columns[c].Name == actual.Columns[c].Name && expected.Columns[c].Type == actual.Columns[c].Type;
        }

        if (!same)
        {
            throw new InvalidDataException($"Cannot merge table {actual.Name} into {expected.Name}: their columns differ (written by different versions?).");
        }
    }

    private static IEnumerable<SummaryColumn> Slice(IReadOnlyList<SummaryColumn> columns, int start)
    {
        for (int c = start; c < columns.Count; c++)
        {
            yield return columns[c];
        }
    }

    /// <summary>A row's key cells: integers (timestamps) and strings, either null.</summary>
    private sealed class RowKey : IEquatable<RowKey>, IComparable<RowKey>
    {
        private readonly long?[] _numbers;
        private readonly string?[] _texts;
        private readonly int _hash;

        private RowKey(long?[] numbers, string?[] texts)
        {
            _numbers = numbers;
            _texts = texts;
            var hash = new HashCode();
            foreach (long? n in numbers)
            {
                hash.Add(n);
            }

            foreach (string? t in texts)
            {
                hash.Add(t, StringComparer.Ordinal);
            }

            _hash = hash.ToHashCode();
        }

        public static RowKey Of(IReadOnlyList<SummaryColumn> columns, int keyCount, int row)
        {
            // Cell c of the key lives in _numbers[c] or _texts[c]; the other stays null.
            var numbers = new long?[keyCount];
            var texts = new string?[keyCount];
            for (int c = 0; c < keyCount; c++)
            {
                if (columns[c].Type == SummaryColumnType.String)
                {
                    texts[c] = columns[c].StringValues![row];
                }
                else
                {
                    numbers[c] = columns[c].Int64Values![row];
                }
            }

            return new RowKey(numbers, texts);
        }

        public void CopyTo(SummaryColumn[] columns, int row)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                if (columns[c].Type == SummaryColumnType.String)
                {
                    columns[c].StringValues![row] = _texts[c];
                }
                else
                {
                    columns[c].Int64Values![row] = _numbers[c];
                }
            }
        }

        public int CompareTo(RowKey? other)
        {
            for (int c = 0; other is not null && c < _numbers.Length; c++)
            {
                int order = Nullable.Compare(_numbers[c], other._numbers[c]);
                order = order != 0 ? order : string.CompareOrdinal(_texts[c], other._texts[c]);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }

        public bool Equals(RowKey? other) => other is not null && _hash == other._hash && CompareTo(other) == 0;

        public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
