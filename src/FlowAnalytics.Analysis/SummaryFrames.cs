using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis;

/// <summary>
/// The output tables as <see cref="DataFrame"/>s with proper column types: timestamps as UTC
/// <see cref="DateTime"/>, counts as <see cref="long"/>, ids and names as strings, and the Hive
/// partition (<c>date</c>) as a string column, as DuckDB and pandas show it. The binary sketch
/// columns stay out: a DataFrame has no binary type, and <c>flowanalytics merge</c> is the tool
/// for them.
/// </summary>
public static class SummaryFrames
{
    /// <summary>
    /// Loads a table: its directory (<c>out/endpoint_traffic</c>, every <c>date=…</c> partition),
    /// or one or more part files.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">A directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist, or a directory holds no part file.</exception>
    public static async Task<DataFrame> LoadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                IReadOnlyList<string> parts = SummaryParquetReader.ListTableFiles(path);
                files.AddRange(parts.Count > 0 ? parts : throw new FileNotFoundException($"{path} holds no part-*.parquet file.", path));
            }
            else
            {
                files.Add(File.Exists(path) ? path : throw new FileNotFoundException($"No such table file or directory: {path}", path));
            }
        }

        var tables = new List<SummaryTable>(files.Count);
        var dates = new List<string?>(files.Count);
        bool partitioned = false;
        foreach (string file in files)
        {
            tables.Add(await SummaryParquetReader.ReadFileAsync(file, cancellationToken).ConfigureAwait(false));
            (bool inPartition, string? date) = PartitionOf(file);
            partitioned |= inPartition;
            dates.Add(date);
        }

        return ToFrame(tables, partitioned ? dates : null);
    }

    /// <summary>Loads one table directory or file.</summary>
    public static Task<DataFrame> LoadAsync(string path, CancellationToken cancellationToken = default) => LoadAsync([path], cancellationToken);

    /// <summary>
    /// Tables of one schema as one DataFrame, rows in order; with <paramref name="dates"/> (one per
    /// table, null for the null partition) a <c>date</c> column says which partition each row came from.
    /// </summary>
    /// <exception cref="InvalidDataException">The tables' columns differ.</exception>
    public static DataFrame ToFrame(IReadOnlyList<SummaryTable> tables, IReadOnlyList<string?>? dates = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0)
        {
            throw new ArgumentException("No table to load.", nameof(tables));
        }

        SummaryTable first = tables[0];
        long rows = 0;
        foreach (SummaryTable table in tables)
        {
            bool same = table.Columns.Count == first.Columns.Count;
            for (int c = 0; same && c < first.Columns.Count; c++)
            {
                same = table.Columns[c].Name == first.Columns[c].Name && table.Columns[c].Type == first.Columns[c].Type;
            }

            rows += same ? table.RowCount : throw new InvalidDataException($"Table {table.Name}: its parts have different columns.");
        }

        var columns = new List<DataFrameColumn>(first.Columns.Count + 1);
        for (int c = 0; c < first.Columns.Count; c++)
        {
            SummaryColumn like = first.Columns[c];
            DataFrameColumn column = like.Type switch
            {
                SummaryColumnType.Timestamp => new PrimitiveDataFrameColumn<DateTime>(like.Name, rows),
                SummaryColumnType.Int64 => new Int64DataFrameColumn(like.Name, rows),
                SummaryColumnType.Double => new DoubleDataFrameColumn(like.Name, rows),
                SummaryColumnType.String => new StringDataFrameColumn(like.Name, rows),
                _ => null!, // sketches: see the class remarks
            };
            if (column is null)
            {
                continue;
            }

            long at = 0;
            foreach (SummaryTable table in tables)
            {
                SummaryColumn source = table.Columns[c];
                for (int r = 0; r < table.RowCount; r++, at++)
                {
                    column[at] = like.Type switch
                    {
                        SummaryColumnType.Timestamp => source.Int64Values![r] is { } micros ? DateTime.UnixEpoch.AddTicks(micros * 10) : null,
                        SummaryColumnType.Int64 => source.Int64Values![r],
                        SummaryColumnType.Double => source.DoubleValues![r],
                        _ => source.StringValues![r],
                    };
                }
            }

            columns.Add(column);
        }

        if (dates is not null)
        {
            var date = new StringDataFrameColumn("date", rows);
            long at = 0;
            for (int t = 0; t < tables.Count; t++)
            {
                for (int r = 0; r < tables[t].RowCount; r++, at++)
                {
                    date[at] = dates[t];
                }
            }

            columns.Add(date);
        }

        return new DataFrame(columns);
    }

    // <table>/date=2026-11-01/part-….parquet → "2026-11-01"; the null partition is null, as Hive readers show it.
    private static (bool Partitioned, string? Date) PartitionOf(string file)
    {
        string? folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)));
        const string Prefix = UtcDatePartitioner.PartitionKey + "=";
        if (folder is null || !folder.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (false, null);
        }

        string value = folder[Prefix.Length..];
        return (true, value == UtcDatePartitioner.NullPartitionValue ? null : value);
    }
}
