using System.IO.Compression;

namespace FlowAnalytics.Sampling;

/// <summary>
/// Generates a realistic, deterministic VPC Flow Logs bucket: the inventory JSON under
/// <c>inventory/</c> and gzip flow-log objects under <c>AWSLogs/</c> in S3's default key layout.
/// Each object is generated from its own random stream (seed and object index), so objects can be
/// written in parallel and the output depends only on the options. Records stream from the traffic
/// model through a line buffer into gzip: memory does not grow with the record count.
/// </summary>
public static class SampleBucketGenerator
{
    /// <summary>The inventory folder under the output directory.</summary>
    public const string InventoryFolder = "inventory";

    /// <summary>
    /// The zlib level of every object. Fixed, so output is byte-identical for the same options (the
    /// runtime's zlib-ng writes no timestamp in the gzip header). Level 3 compresses these lines
    /// within ~15% of level 6 (CompressionLevel.Optimal) at about four times its speed, and gzip
    /// is most of the generator's cost.
    /// </summary>
    public const int CompressionLevel = 3;

    private const int SecondsPerMinute = 60;

    /// <summary>Writes the bucket and returns what was written.</summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="SampleBucketOptions.Validate"/>).</exception>
    public static SampleBucketSummary Generate(SampleBucketOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var scenario = SampleScenario.Create(options.Seed);
        DateTime start = options.StartMinute;
        // The resources exist a while before the data starts.
        IReadOnlyList<string> inventory = SampleInventoryWriter.Write(
            scenario, Path.Combine(options.OutputDirectory, InventoryFolder), start.AddDays(-30));
        foreach (string path in inventory)
        {
            // Exported when the data ends, and independent of the clock like everything else written here.
            File.SetLastWriteTimeUtc(path, start.AddHours(options.Hours));
        }

        int files = options.FileCount;
        var objects = new SampleObject[files];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxParallelism > 0 ? options.MaxParallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, files, parallel, i => objects[i] = WriteObject(scenario, options, i, cancellationToken));
        return new SampleBucketSummary(options.OutputDirectory, scenario.AccountId, scenario.FlowLogId, inventory, objects);
    }

    /// <summary>
    /// Writes <paramref name="records"/> record lines of <paramref name="format"/> (plain text, after a
    /// header line when <paramref name="includeHeader"/>) into <paramref name="destination"/>: the same
    /// traffic as an object of a generated bucket, spread over five minutes. For benchmarks and tests
    /// that want lines in memory. Returns the bytes written.
    /// </summary>
    public static long WriteRecords(Stream destination, long records, long seed, SampleRecordFormat format = SampleRecordFormat.Default, bool includeHeader = true)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(records);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(records, SampleBucketOptions.MaxRecords);
        var scenario = SampleScenario.Create(seed);
        long windowStart = new DateTimeOffset(SampleBucketOptions.DefaultStart.UtcDateTime).ToUnixTimeSeconds();
        using var writer = new SampleRecordWriter(destination, scenario, format);
        if (includeHeader)
        {
            writer.WriteHeader();
        }

        WriteLines(writer, new SampleTrafficGenerator(scenario, new SampleRandom(seed, 1)), records, windowStart, 5, CancellationToken.None);
        writer.FlushBuffer();
        return writer.BytesWritten;
    }

    private static SampleObject WriteObject(SampleScenario scenario, SampleBucketOptions options, int index, CancellationToken cancellationToken)
    {
        int files = options.FileCount;
        long minutes = options.Hours * 60L;
        long firstMinute = index * minutes / files;
        long endMinute = (index + 1) * minutes / files;
        long records = (long)((Int128)(index + 1) * options.Records / files - (Int128)index * options.Records / files);

        // Stream 0 is never used by an object, so object 0 differs from the scenario's own stream.
        var random = new SampleRandom(options.Seed, (ulong)index + 1);
        DateTime start = options.StartMinute;
        // The key carries the time the object was closed: the end of the minutes it covers, so
        // every record's end lies before it and the delivery lag (mtime − end) is never negative.
        DateTime timestamp = start.AddMinutes(endMinute);
        uint hash = (uint)random.NextUInt64();
        string key = SampleObjectKey.Create(scenario.AccountId, SampleScenario.Region, scenario.FlowLogId, timestamp, hash);
        string path = Path.Combine(options.OutputDirectory, key.Replace('/', Path.DirectorySeparatorChar));
        string directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);

        // Written under a hidden name and renamed, so a reader never sees half an object.
        string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + ".tmp");
        long uncompressed;
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            using (var gzip = new GZipStream(file, new ZLibCompressionOptions { CompressionLevel = CompressionLevel }))
            using (var writer = new SampleRecordWriter(gzip, scenario, options.Format))
            {
                writer.WriteHeader();
                long windowStart = new DateTimeOffset(start).ToUnixTimeSeconds() + firstMinute * SecondsPerMinute;
                WriteLines(writer, new SampleTrafficGenerator(scenario, random), records, windowStart, endMinute - firstMinute, cancellationToken);
                writer.FlushBuffer();
                uncompressed = writer.BytesWritten;
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        // Delivered one to five minutes after the key's time, as S3 delivery typically is.
        DateTime lastModified = timestamp.AddSeconds(60 + random.Next(240));
        File.SetLastWriteTimeUtc(path, lastModified);
        return new SampleObject(key, path, timestamp, lastModified, records, uncompressed, new FileInfo(path).Length);
    }

    /// <summary>
    /// Writes <paramref name="records"/> records spread evenly over <paramref name="minutes"/>
    /// aggregation windows starting at <paramref name="firstWindow"/> (Unix seconds), in time order.
    /// </summary>
    private static void WriteLines(
        SampleRecordWriter writer, SampleTrafficGenerator traffic, long records, long firstWindow, long minutes, CancellationToken cancellationToken)
    {
        for (long r = 0; r < records; r++)
        {
            if ((r & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // No overflow: records ≤ 10¹² and minutes ≤ 527,040 (see SampleBucketOptions.Validate).
            long window = r * minutes / records;
            writer.Write(in traffic.Next(firstWindow + window * SecondsPerMinute));
        }
    }
}
