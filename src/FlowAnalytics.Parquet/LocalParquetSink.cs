using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Parquet;

/// <summary>
/// Writes summary tables as Parquet under a local output directory:
/// <c>&lt;root&gt;/&lt;table&gt;/date=YYYY-MM-DD/part-00000.parquet</c> when partitioned by a Timestamp column, or
/// <c>&lt;root&gt;/&lt;table&gt;/part-00000.parquet</c> when not. Files appear atomically (see
/// <see cref="AtomicFile"/>) under a fixed name, so a rerun replaces a partition instead of adding a copy.
/// </summary>
public sealed class LocalParquetSink
{
    /// <summary>The file name of every part; one file per partition, split into row groups inside.</summary>
    public const string PartFileName = "part-00000.parquet";

    /// <summary>Creates a sink that writes under <paramref name="outputRoot"/> (created when first written to).</summary>
    public LocalParquetSink(string outputRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputRoot);
        OutputRoot = Path.GetFullPath(outputRoot);
    }

    /// <summary>The output directory, as a full path.</summary>
    public string OutputRoot { get; }

    /// <summary>
    /// Deletes temp files (<c>.tmp-*</c>) that runs killed before their rename left under the
    /// output (two levels: tables and partitions, and the manifest folder). Only files older than
    /// <paramref name="startedBefore"/> go: a temp file of the current run is never touched. Two
    /// runs writing one output at once are not supported anyway (their renames would race).
    /// </summary>
    public int RemoveStaleTempFiles(DateTime startedBefore)
    {
        if (!Directory.Exists(OutputRoot))
        {
            return 0;
        }

        int removed = 0;
        foreach (string table in Directory.EnumerateDirectories(OutputRoot))
        {
            removed += RemoveStale(table, startedBefore);
            foreach (string partition in Directory.EnumerateDirectories(table))
            {
                removed += RemoveStale(partition, startedBefore);
            }
        }

        return removed;
    }

    private static int RemoveStale(string directory, DateTime startedBefore)
    {
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(directory, AtomicFile.TempFilePrefix + "*"))
        {
            if (File.GetLastWriteTimeUtc(file) < startedBefore)
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>The directory a table named <paramref name="tableName"/> is written to.</summary>
    /// <exception cref="ArgumentException">The name is not a safe folder name (letters, digits, <c>_</c>, <c>-</c>; starting with a letter or digit).</exception>
    public string TableDirectory(string tableName) => Path.Combine(OutputRoot, CheckTableName(tableName));

    /// <summary>
    /// Writes <paramref name="table"/>, one file per UTC date of <paramref name="partitionColumn"/> (a
    /// Timestamp column; rows where it is null go to <c>date=__HIVE_DEFAULT_PARTITION__</c>), or a single
    /// unpartitioned file when <paramref name="partitionColumn"/> is null. An empty table gives one file
    /// with the schema when unpartitioned and no file when partitioned (it has no dates).
    /// </summary>
    /// <remarks>
    /// Every file is first written in full to a temporary file and flushed to disk; only when all of
    /// them are written are they renamed into place. So a failure or cancellation while writing
    /// changes no file of the table; only a crash between the renames, which take microseconds, can
    /// leave some partitions new and others old (each file still whole). Partitions this call has no
    /// rows for are left as they are.
    /// </remarks>
    /// <returns>The files written, partitions in date order (the null partition last).</returns>
    /// <exception cref="ArgumentException">The table name is unsafe, the partition column is missing or not a Timestamp, or the table is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp lies outside years 0001–9999.</exception>
    public Task<IReadOnlyList<WrittenParquetFile>> WriteAsync(
        SummaryTable table, string? partitionColumn, CancellationToken cancellationToken = default) =>
        WriteAsync(table, partitionColumn, PartFileName, cancellationToken);

    /// <summary>As <see cref="WriteAsync(SummaryTable, string?, CancellationToken)"/>, each partition's file named <paramref name="fileName"/>.</summary>
    /// <exception cref="ArgumentException">The file name is not a plain <c>part-….parquet</c> name.</exception>
    public async Task<IReadOnlyList<WrittenParquetFile>> WriteAsync(
        SummaryTable table, string? partitionColumn, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckPartFileName(fileName);
        string tableDirectory = TableDirectory(table.Name);
        // Unpartitioned: one "partition" whose folder is the table directory itself.
        IReadOnlyList<SummaryTablePartition> partitions = partitionColumn is null
            ? [new SummaryTablePartition(null, string.Empty, table)]
            : UtcDatePartitioner.Split(table, partitionColumn);

        var staged = new List<StagedFile>(partitions.Count);
        try
        {
            foreach (SummaryTablePartition partition in partitions)
            {
                string path = Path.Combine(tableDirectory, partition.DirectoryName, fileName);
                staged.Add(await AtomicFile.StageAsync(
                    path,
                    (stream, token) => SummaryParquetWriter.WriteAsync(partition.Table, stream, token),
                    cancellationToken).ConfigureAwait(false));
            }

            // The last point where giving up leaves the table untouched.
            cancellationToken.ThrowIfCancellationRequested();
            var written = new WrittenParquetFile[staged.Count];
            for (int i = 0; i < staged.Count; i++)
            {
                staged[i].Commit();
                string? partitionDirectory = partitionColumn is null ? null : partitions[i].DirectoryName;
                written[i] = new WrittenParquetFile(staged[i].TargetPath, partitionDirectory, partitions[i].Table.RowCount, staged[i].Length);
            }

            return written;
        }
        finally
        {
            // Deletes the temporary files of whatever was not committed.
            foreach (StagedFile file in staged)
            {
                file.Dispose();
            }
        }
    }

    /// <summary>The name a run gives its part files: <c>part-00000.parquet</c>, or <c>part-&lt;run-id&gt;.parquet</c> for a partial run.</summary>
    public static string PartFileNameOf(string? runId) => runId is null ? PartFileName : $"part-{runId}.parquet";

    // Part names come from run ids, which a user may choose: nothing but a plain file name passes.
    private static void CheckPartFileName(string fileName)
    {
        bool safe = fileName.StartsWith("part-", StringComparison.Ordinal) && fileName.EndsWith(".parquet", StringComparison.Ordinal);
        foreach (char c in fileName)
        {
            safe &= char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
        }

        if (!safe || fileName.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Part file name '{fileName}' is not a plain part-….parquet name.", nameof(fileName));
        }
    }

    /// <summary>
    /// Table names become folder names, so only a conservative alphabet passes: no separators, no
    /// "..", and no leading '.' or '_' (hidden to Hive-style readers; <c>_manifest</c> is reserved).
    /// </summary>
    private static string CheckTableName(string tableName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        bool safe = char.IsAsciiLetterOrDigit(tableName[0]);
        foreach (char c in tableName)
        {
            safe &= char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
        }

        return safe
            ? tableName
            : throw new ArgumentException(
                $"Table name '{tableName}' is not a safe folder name: use ASCII letters, digits, '_' and '-', starting with a letter or digit.",
                nameof(tableName));
    }
}
