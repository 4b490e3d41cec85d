using System.Buffers;
using FlowAnalytics.Aggregation;
using Parquet;
using Parquet.Schema;

namespace FlowAnalytics.Parquet;

/// <summary>
/// Reads Parquet files written by <see cref="SummaryParquetWriter"/> (and files of the same flat
/// schema from other writers) back into a <see cref="SummaryTable"/>: one file, or every part of a
/// table directory as <see cref="LocalParquetSink"/> lays it out.
/// </summary>
public static class SummaryParquetReader
{
    /// <summary>
    /// Reads one Parquet file. The table name comes from the file's metadata, or else the file name
    /// without its extension.
    /// </summary>
    public static async Task<SummaryTable> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream = OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, Path.GetFileNameWithoutExtension(path), path, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads one Parquet file from <paramref name="input"/> (readable and seekable; left open). The
    /// table name comes from the file's metadata, or else <paramref name="fallbackName"/>.
    /// </summary>
    public static Task<SummaryTable> ReadAsync(Stream input, string fallbackName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(fallbackName);
        return ReadAsync(input, fallbackName, fallbackName, cancellationToken);
    }

    /// <summary>
    /// Reads every part of a table directory (<c>&lt;table&gt;/part-*.parquet</c> and
    /// <c>&lt;table&gt;/&lt;key&gt;=&lt;value&gt;/part-*.parquet</c>, in path order) into one table named after the
    /// directory. Temporary files of writes in progress (<c>.tmp-*</c>) are never read. Partition
    /// columns come from the files themselves, not from the directory names.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The directory holds no part file.</exception>
    /// <exception cref="InvalidDataException">Two parts have different schemas.</exception>
    public static async Task<SummaryTable> ReadTableAsync(string tableDirectory, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> files = ListTableFiles(tableDirectory);
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"Table directory {tableDirectory} holds no part-*.parquet file.", tableDirectory);
        }

        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(tableDirectory)));
        var parts = new List<SummaryTable>(files.Count);
        foreach (string file in files)
        {
            FileStream stream = OpenRead(file);
            await using (stream.ConfigureAwait(false))
            {
                parts.Add(await ReadAsync(stream, name, file, cancellationToken).ConfigureAwait(false));
            }
        }

        return SummaryTableConcatenation.Concatenate(name, parts, files);
    }

    /// <summary>
    /// The part files of a table directory, sorted by ordinal path so the order is the same on every
    /// machine (dates ascending, <c>__HIVE_DEFAULT_PARTITION__</c> last).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static IReadOnlyList<string> ListTableFiles(string tableDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableDirectory);
        if (!Directory.Exists(tableDirectory))
        {
            throw new DirectoryNotFoundException($"Table directory {tableDirectory} does not exist.");
        }

        var files = new List<string>();
        AddPartFiles(tableDirectory, files);
        foreach (string partition in Directory.EnumerateDirectories(tableDirectory))
        {
            // Hive-style key=value folders only; '.'- and '_'-prefixed ones are hidden by convention.
            string folder = Path.GetFileName(partition);
            if (folder.Contains('=', StringComparison.Ordinal) && !IsHidden(folder))
            {
                AddPartFiles(partition, files);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void AddPartFiles(string directory, List<string> files)
    {
        foreach (string file in Directory.EnumerateFiles(directory, "part-*"))
        {
            // The explicit checks keep .tmp-* and anything not ending in .parquet out whatever the
            // platform's wildcard rules are.
            string fileName = Path.GetFileName(file);
            if (!IsHidden(fileName) && fileName.EndsWith(".parquet", StringComparison.Ordinal))
            {
                files.Add(file);
            }
        }
    }

    private static bool IsHidden(string name) => name.StartsWith('.') || name.StartsWith('_');

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);

    private static async Task<SummaryTable> ReadAsync(Stream input, string fallbackName, string source, CancellationToken cancellationToken)
    {
        ParquetReader reader = await ParquetReader.CreateAsync(input, parquetOptions: null, leaveStreamOpen: true, cancellationToken)
            .ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            string name = reader.CustomMetadata.TryGetValue(SummaryParquetSchema.TableNameMetadataKey, out string? stored) ? stored : fallbackName;
            DataField[] fields = reader.Schema.GetDataFields();
            if (reader.Schema.Fields.Count != fields.Length)
            {
                throw new InvalidDataException($"{source}: the schema has nested fields; summary tables are flat.");
            }

            long totalRows = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                totalRows += reader.RowGroups[g].RowCount;
            }

            if (totalRows > Array.MaxLength)
            {
                throw new InvalidDataException($"{source}: {totalRows} rows is more than one summary table holds.");
            }

            var columns = new SummaryColumn[fields.Length];
            for (int i = 0; i < fields.Length; i++)
            {
                columns[i] = SummaryColumn.Create(fields[i].Name, SummaryParquetSchema.ToColumnType(fields[i], source), (int)totalRows);
            }

            int offset = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader rowGroup = reader.OpenRowGroupReader(g);
                int count = checked((int)rowGroup.RowCount);
                for (int i = 0; i < fields.Length; i++)
                {
                    await ReadColumnAsync(rowGroup, fields[i], columns[i], offset, count, cancellationToken).ConfigureAwait(false);
                }

                offset += count;
            }

            return new SummaryTable(name, (int)totalRows, columns);
        }
    }

    private static async Task ReadColumnAsync(
        ParquetRowGroupReader rowGroup, DataField field, SummaryColumn column, int offset, int count, CancellationToken cancellationToken)
    {
        switch (column.Type)
        {
            case SummaryColumnType.Int64:
                await rowGroup.ReadAsync<long>(field, column.Int64Values.AsMemory(offset, count), null, cancellationToken).ConfigureAwait(false);
                break;
            case SummaryColumnType.Double:
                await rowGroup.ReadAsync<double>(field, column.DoubleValues.AsMemory(offset, count), null, cancellationToken).ConfigureAwait(false);
                break;
            case SummaryColumnType.String:
                // Parquet.Net's signature says string, but it stores null for a null cell.
                await rowGroup.ReadAsync(field, column.StringValues.AsMemory(offset, count)!, null, cancellationToken).ConfigureAwait(false);
                break;
            case SummaryColumnType.Binary:
                await rowGroup.ReadAsync(field, column.BinaryValues.AsMemory(offset, count)!, null, cancellationToken).ConfigureAwait(false);
                break;
            case SummaryColumnType.Timestamp:
                await ReadTimestampsAsync(rowGroup, field, column.Int64Values!, offset, count, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Column {column.Name} has type {column.Type}, which the reader does not map.");
        }
    }

    private static async Task ReadTimestampsAsync(
        ParquetRowGroupReader rowGroup, DataField field, long?[] target, int offset, int count, CancellationToken cancellationToken)
    {
        // Owned here: rented and returned in this call.
        DateTime?[] buffer = ArrayPool<DateTime?>.Shared.Rent(count);
        try
        {
            await rowGroup.ReadAsync<DateTime>(field, buffer.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
            {
                target[offset + i] = buffer[i] is { } value ? UnixMicroseconds.FromDateTime(value) : null;
            }
        }
        finally
        {
            ArrayPool<DateTime?>.Shared.Return(buffer);
        }
    }
}
