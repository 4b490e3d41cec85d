using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Attribution;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Pipeline;

/// <summary>
/// The main job: read every object of a source in parallel, attribute and aggregate its records,
/// merge the workers' maps once at the end. An object that fails part way (corrupt gzip, I/O
/// error) counts none of its records nor its rejected lines: each object is aggregated apart and
/// merged only when read to its end, so a rerun or a retry never counts a record twice.
/// </summary>
public static class FlowLogJob
{
    /// <summary>Runs the job; writing the tables is the caller's (see <see cref="RunTables"/>).</summary>
    public static async Task<RunResult> RunAsync(
        IFlowLogSource source, EndpointInventory inventory, RunOptions options,
        IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        // Settled once, so a run asked for ISA-L on a machine without it fails before reading.
        options = options with { Inflater = FlowLogDecoder.Resolve(options.Inflater) };
        IReadOnlyList<FlowLogObject> objects = await source.ListAsync(cancellationToken).ConfigureAwait(false);
        if (options.Shard is { } shard)
        {
            objects = InShard(objects, shard);
        }

        var root = new WindowAggregator(new EndpointAttributor(inventory), options.Window)
        {
            MinStart = options.From?.ToUnixTimeSeconds() ?? long.MinValue,
            EndBefore = options.To?.ToUnixTimeSeconds() ?? long.MaxValue,
        };
        var results = new ObjectResult[objects.Count];
        var idle = new ConcurrentBag<Worker>();
        var tracker = new ProgressTracker(objects, progress);

        await Parallel.ForEachAsync(
            LargestFirst(objects),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Workers), CancellationToken = cancellationToken },
            async (index, token) =>
            {
                Worker worker = idle.TryTake(out Worker? w) ? w : new Worker(root);
                try
                {
                    results[index] = await ReadObjectAsync(source, objects[index], worker, options, token).ConfigureAwait(false);
                    tracker.Done(objects[index], results[index].Records);
                }
                finally
                {
                    idle.Add(worker);
                }
            }).ConfigureAwait(false);

        return new RunResult(options, root, results, started, clock.Elapsed);
    }

    private static async Task<ObjectResult> ReadObjectAsync(
        IFlowLogSource source, FlowLogObject item, Worker worker, RunOptions options, CancellationToken cancellationToken)
    {
        if (FlowLogKey.IsOutside(item.Key, options.From, options.To))
        {
            return new ObjectResult(item, new FlowErrorLog(options.ErrorSamplesPerObject)) { Pruned = true };
        }

        // A transient failure (a reset mid-body, a store briefly unavailable) reads the object again
        // from its start. Each attempt aggregates apart and merges only when whole, so whatever a
        // failed attempt counted is discarded: retries never count a record twice.
        for (int attempt = 1; ; attempt++)
        {
            ObjectResult result = await ReadObjectOnceAsync(source, item, worker, options, cancellationToken).ConfigureAwait(false);
            result.Attempts = attempt;
            if (result.Failure is null || !result.IsTransientFailure || attempt >= options.ObjectAttempts)
            {
                return result;
            }

            await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan RetryDelay(int attempt) => TimeSpan.FromMilliseconds(100 * (1 << Math.Min(attempt, 6)));

    private static async Task<ObjectResult> ReadObjectOnceAsync(
        IFlowLogSource source, FlowLogObject item, Worker worker, RunOptions options, CancellationToken cancellationToken)
    {
        var result = new ObjectResult(item, new FlowErrorLog(options.ErrorSamplesPerObject));

        long? arrival = options.Arrival == ArrivalTime.LastModified ? item.LastModified?.ToUnixTimeSeconds() : null;
        // What an earlier attempt at this object counted before failing is dropped here.
        WindowAggregator staged = worker.Staged;
        staged.Clear();
        IFlowBatchReader? reader = null;
        string corruption = "gzip";
        try
        {
            Stream stream = await source.OpenAsync(item, cancellationToken).ConfigureAwait(false);
            var readerOptions = new FlowLogReaderOptions
            {
                Layout = options.Layout,
                Errors = result.Errors,
                Fields = WindowAggregator.RequiredFields,
            };
            if (options.FormatReader is { } format && stream.CanSeek && await StartsWithAsync(stream, format, cancellationToken).ConfigureAwait(false))
            {
                corruption = format.Name;
                reader = await format.OpenAsync(stream, readerOptions, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                DecodedInput input = await FlowLogDecoder.OpenAsync(stream, options.Inflater, cancellationToken).ConfigureAwait(false);
                if (options.FormatReader is { } other && input.Compression == FlowLogCompression.None
                    && await StartsWithAsync(input.Reader, other, cancellationToken).ConfigureAwait(false))
                {
                    corruption = other.Name;
                    reader = await other.OpenAsync(input.Reader.AsStream(), readerOptions, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    reader = new FlowLogReader(input.Reader, readerOptions);
                }
            }

            while (await reader.ReadBatchAsync(worker.Batch, cancellationToken).ConfigureAwait(false))
            {
                staged.Add(worker.Batch, arrival);
            }

            if (reader.Lines == 0)
            {
                // No flow log delivery is empty: an empty object is a fault to report (a failed
                // upload, a placeholder), not silence. It counts nothing either way.
                result.Failure = "empty object: no data";
                return result;
            }

            if (staged.Records == 0 && result.Errors.Total > 0 && reader is FlowLogReader { HeaderLines: 0 })
            {
                // Not one record and no header: another service's log, a CSV, a binary dropped
                // under the prefix. One failure naming the object says more than a line error per
                // line of something that never was a flow log.
                string first = result.Errors.Samples.Count > 0 ? $" (line {result.Errors.Samples[0].LineNumber}: {result.Errors.Samples[0].Message})" : "";
                result = new ObjectResult(item, new FlowErrorLog(options.ErrorSamplesPerObject))
                {
                    Failure = $"not a flow log: no header and none of its {reader.Lines} lines is a record{first}",
                };
                return result;
            }

            result.Records = staged.Records - staged.FilteredRecords;
            result.FilteredRecords = staged.FilteredRecords;
            worker.MergeIntoRoot(staged);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // Like its records, a failed object's line errors are dropped: a damaged deflate stream
            // decodes to garbage lines before its CRC check fails, and those are not bad lines of
            // the object. Only the failure is reported (the lines read stay, to show how far it got).
            result = new ObjectResult(item, new FlowErrorLog(options.ErrorSamplesPerObject))
            {
                Failure = e is InvalidDataException ? $"corrupt {corruption}: {e.Message}" : $"read error: {e.Message}",
                IsTransientFailure = IsTransient(e),
            };
        }
        finally
        {
            if (reader is not null)
            {
                result.Lines = reader.Lines;
                result.Fields = reader.Layout.ToString();
                await reader.DisposeAsync().ConfigureAwait(false);
            }
        }

        return result;
    }

    // Another format is recognised by content, never by name. A seekable stream (a local file) is
    // peeked and rewound, so the format reader gets random access without a copy; any other stream
    // is peeked in the decoder's pipe, which hands the peeked bytes on to whoever reads next.
    private static async ValueTask<bool> StartsWithAsync(Stream stream, IFlowLogFormatReader format, CancellationToken cancellationToken)
    {
        byte[] head = new byte[format.MagicLength];
        int read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        return format.Matches(head.AsSpan(0, read));
    }

    private static async ValueTask<bool> StartsWithAsync(PipeReader pipe, IFlowLogFormatReader format, CancellationToken cancellationToken)
    {
        ReadResult result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (result.Buffer.Length < format.MagicLength && !result.IsCompleted)
        {
            pipe.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        byte[] head = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, format.MagicLength)).ToArray();
        pipe.AdvanceTo(result.Buffer.Start);
        return format.Matches(head);
    }

    // Sources say what is transient; a bare IOException from a stream (connection reset mid-body)
    // is worth another read too, but a missing file or corrupt data is not.
    private static bool IsTransient(Exception e) => e switch
    {
        SourceReadException source => source.IsTransient,
        FileNotFoundException or DirectoryNotFoundException => false,
        IOException => true,
        _ => false,
    };

    // Another shard's objects are not this run's inputs at all: they are neither read nor listed
    // in its manifest, so the shards' manifests together list every object once.
    private static List<FlowLogObject> InShard(IReadOnlyList<FlowLogObject> objects, ObjectShard shard)
    {
        var mine = new List<FlowLogObject>();
        foreach (FlowLogObject item in objects)
        {
            if (shard.Contains(item.Key))
            {
                mine.Add(item);
            }
        }

        return mine;
    }

    /// <summary>
    /// The order objects are read in: largest first (ties in listing order). Each object is read by
    /// one worker, so the run ends when its last object does; starting the big ones first leaves
    /// small ones for the end, where a core would otherwise wait idle while another reads a large
    /// object it began late. Results stay in listing order; the counts do not depend on the order.
    /// </summary>
    internal static int[] LargestFirst(IReadOnlyList<FlowLogObject> objects)
    {
        int[] order = new int[objects.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => objects[a].Size != objects[b].Size ? objects[b].Size.CompareTo(objects[a].Size) : a.CompareTo(b));
        return order;
    }

    /// <summary>
    /// A worker's batch and staging aggregator, reused from object to object, and the run's
    /// aggregation. Each object is counted in the staging map and merged into the run's map once
    /// read whole (all or nothing); the merge empties the staging map for the next object, so
    /// workers hold no keys of their own between objects, and the staging map's metrics are
    /// reused instead of allocated per object.
    /// </summary>
    private sealed class Worker(WindowAggregator root)
    {
        public WindowAggregator Root { get; } = root;

        public WindowAggregator Staged { get; } = root.NewPartial();

        public FlowRecordBatch Batch { get; } = new();

        public void MergeIntoRoot(WindowAggregator staged)
        {
            // Once per object, a few thousand keys: the lock costs nothing next to reading the object.
            lock (Root)
            {
                Root.Absorb(staged);
            }
        }
    }

    private sealed class ProgressTracker(IReadOnlyList<FlowLogObject> objects, IProgress<RunProgress>? progress)
    {
        private readonly long _bytesTotal = TotalBytes(objects);
        private int _objectsDone;
        private long _bytesDone;
        private long _records;

        public void Done(FlowLogObject item, long records)
        {
            int done = Interlocked.Increment(ref _objectsDone);
            long bytes = Interlocked.Add(ref _bytesDone, item.Size);
            long total = Interlocked.Add(ref _records, records);
            progress?.Report(new RunProgress(done, objects.Count, bytes, _bytesTotal, total));
        }

        private static long TotalBytes(IReadOnlyList<FlowLogObject> objects)
        {
            long total = 0;
            foreach (FlowLogObject o in objects)
            {
                total += o.Size;
            }

            return total;
        }
    }
}
