using Amazon.S3;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;

namespace FlowAnalytics.S3;

/// <summary>
/// Writes summary tables as Parquet under an S3 prefix in the local sink's layout:
/// <c>&lt;prefix&gt;/&lt;table&gt;/date=YYYY-MM-DD/part-00000.parquet</c> (or <c>&lt;table&gt;/part-00000.parquet</c>
/// unpartitioned), plus the run manifest under <c>_manifest/</c>. Fixed names, so a rerun replaces
/// its partitions instead of adding copies; every object appears whole or not at all.
/// </summary>
public sealed class S3SummarySink
{
    /// <summary>The content type of the Parquet objects (IANA-registered).</summary>
    public const string ParquetContentType = "application/vnd.apache.parquet";

    private readonly S3SinkOptions _options;
    private readonly S3ObjectUploader _uploader;

    /// <summary>Creates a sink writing under <paramref name="root"/>; the client stays the caller's to dispose.</summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="S3SinkOptions.Validate"/>).</exception>
    public S3SummarySink(IAmazonS3 client, S3Location root, S3SinkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(root);
        _options = options ?? new S3SinkOptions();
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Root = root;
        _uploader = new S3ObjectUploader(client, root, _options);
    }

    /// <summary>The output prefix.</summary>
    public S3Location Root { get; }

    /// <summary>
    /// Writes <paramref name="table"/>, one object per UTC date of <paramref name="partitionColumn"/>
    /// (see <see cref="UtcDatePartitioner"/>), or one unpartitioned object when it is null.
    /// </summary>
    /// <remarks>
    /// Every file is first written to a local temporary file, so a failure while encoding touches no
    /// object; then they are uploaded one by one, each whole or not at all. An upload failing part way
    /// through a table leaves the partitions before it new and those after it as they were (S3 has no
    /// rename to switch them together); a rerun repairs that, because names are fixed.
    /// </remarks>
    /// <returns>The objects written, partitions in date order (the null partition last).</returns>
    /// <exception cref="ArgumentException">The table name is unsafe, the partition column is missing or not a Timestamp.</exception>
    /// <exception cref="S3StoreException">The bucket does not exist, access is denied, or the store stayed unavailable.</exception>
    public Task<IReadOnlyList<S3WrittenObject>> WriteAsync(
        SummaryTable table, string? partitionColumn, CancellationToken cancellationToken = default) =>
        WriteAsync(table, partitionColumn, LocalParquetSink.PartFileName, cancellationToken);

    /// <summary>As <see cref="WriteAsync(SummaryTable, string?, CancellationToken)"/>, each partition's object named <paramref name="fileName"/>.</summary>
    public async Task<IReadOnlyList<S3WrittenObject>> WriteAsync(
        SummaryTable table, string? partitionColumn, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(fileName);
        CheckName(fileName.EndsWith(".parquet", StringComparison.Ordinal) ? fileName[..^".parquet".Length] : string.Empty, nameof(fileName), "Part file name");
        string tableFolder = CheckTableName(table.Name) + "/";
        IReadOnlyList<SummaryTablePartition> partitions = partitionColumn is null
            ? [new SummaryTablePartition(null, string.Empty, table)]
            : UtcDatePartitioner.Split(table, partitionColumn);

        string staging = Path.Combine(_options.TempDirectory ?? Path.GetTempPath(), $"flowanalytics-s3-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var files = new string[partitions.Count];
            for (int i = 0; i < partitions.Count; i++)
            {
                files[i] = Path.Combine(staging, $"{i:D5}.parquet");
                var stream = new FileStream(files[i], FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true);
                await using (stream.ConfigureAwait(false))
                {
                    await SummaryParquetWriter.WriteAsync(partitions[i].Table, stream, cancellationToken).ConfigureAwait(false);
                }
            }

            var written = new S3WrittenObject[partitions.Count];
            for (int i = 0; i < partitions.Count; i++)
            {
                string folder = partitionColumn is null ? string.Empty : partitions[i].DirectoryName + "/";
                string key = Root.KeyOf(tableFolder + folder + fileName);
                var stream = new FileStream(files[i], FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
                await using (stream.ConfigureAwait(false))
                {
                    long bytes = await _uploader.UploadAsync(key, stream, ParquetContentType, cancellationToken).ConfigureAwait(false);
                    string? partitionDirectory = partitionColumn is null ? null : partitions[i].DirectoryName;
                    written[i] = new S3WrittenObject(Root.UriOfKey(key), partitionDirectory, partitions[i].Table.RowCount, bytes);
                }
            }

            return written;
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>
    /// Writes the run manifest to <c>&lt;prefix&gt;/_manifest/&lt;runId&gt;.json</c>. Write it after the
    /// tables: its presence says every object it lists is complete.
    /// </summary>
    /// <exception cref="ArgumentException">The run id is not a safe file name.</exception>
    /// <exception cref="S3StoreException">The bucket does not exist, access is denied, or the store stayed unavailable.</exception>
    public async Task<S3WrittenObject> WriteManifestAsync(string runId, ReadOnlyMemory<byte> manifestJson, CancellationToken cancellationToken = default)
    {
        string key = Root.KeyOf($"{RunManifest.Folder}/{CheckName(runId, nameof(runId), "Run id")}.json");
        using var content = new MemoryStream(manifestJson.ToArray(), writable: false);
        long bytes = await _uploader.UploadAsync(key, content, "application/json", cancellationToken).ConfigureAwait(false);
        return new S3WrittenObject(Root.UriOfKey(key), null, 0, bytes);
    }

    /// <summary>Table names become folder names: the local sink's alphabet (letters, digits, '_', '-', starting with a letter or digit).</summary>
    private static string CheckTableName(string tableName) => CheckName(tableName, nameof(tableName), "Table name");

    private static string CheckName(string name, string parameter, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        bool safe = char.IsAsciiLetterOrDigit(name[0]);
        foreach (char c in name)
        {
            safe &= char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
        }

        return safe
            ? name
            : throw new ArgumentException($"{what} '{name}' is not a safe name: use ASCII letters, digits, '_' and '-', starting with a letter or digit.", parameter);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The write's own outcome matters more than a leftover temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
