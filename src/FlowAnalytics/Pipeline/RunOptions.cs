using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Pipeline;

/// <summary>What a run reads and how it aggregates.</summary>
public sealed record RunOptions
{
    /// <summary>The default window length (DESIGN §5).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    /// <summary>The run's id: names the manifest and stamps the output.</summary>
    public required string RunId { get; init; }

    /// <summary>Window length; each record goes to the window its start falls in.</summary>
    public TimeSpan Window { get; init; } = DefaultWindow;

    /// <summary>Layout of files without a header line.</summary>
    public FlowLayout Layout { get; init; } = FlowLayout.Default;

    /// <summary>Objects read at once (default: one per core).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Where delivery lag's arrival time comes from.</summary>
    public ArrivalTime Arrival { get; init; } = ArrivalTime.None;

    /// <summary>Only records whose start is at or after this instant (and objects whose key time allows it).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records whose start is before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Reads of one object before a transient failure (reset, unavailable store) is final.</summary>
    public int ObjectAttempts { get; init; } = 3;

    /// <summary>Located examples kept per object and error reason (counts are always complete).</summary>
    public int ErrorSamplesPerObject { get; init; } = 5;

    /// <summary>Only the objects of this slice of the listing (sharded runs), or every object.</summary>
    public ObjectShard? Shard { get; init; }

    /// <summary>
    /// The run writes partial summaries for <c>merge</c> (a shard, or an explicit key list): its
    /// files are named by its run id so partials of several runs stand side by side.
    /// </summary>
    public bool IsPartial { get; init; }

    /// <summary>
    /// Reads objects of another format (AWS's Parquet delivery), chosen by their first bytes; null
    /// reads every object as text. Set by the CLI: the engine references no third-party reader.
    /// </summary>
    public IFlowLogFormatReader? FormatReader { get; init; }

    /// <summary>Which inflate decompresses gzip objects (default: ISA-L when the machine has it).</summary>
    public GzipInflater Inflater { get; init; } = GzipInflater.Auto;

    /// <summary>Creates a run id from the clock: sortable UTC time plus random hex.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Random.Shared.Next(0x1000000):x6}";
}

/// <summary>Where an object's arrival time, for delivery lag, comes from.</summary>
public enum ArrivalTime : byte
{
    /// <summary>Unknown: delivery lag columns stay null.</summary>
    None,
    /// <summary>The object's LastModified (S3) or the file's mtime (a copy made with <c>aws s3 sync</c> keeps it).</summary>
    LastModified,
}
