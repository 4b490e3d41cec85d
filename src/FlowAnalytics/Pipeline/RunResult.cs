using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Pipeline;

/// <summary>The outcome of a run: the merged aggregation and what happened to every object.</summary>
public sealed class RunResult
{
    /// <summary>Creates a result.</summary>
    public RunResult(RunOptions options, WindowAggregator aggregation, IReadOnlyList<ObjectResult> objects, DateTimeOffset started, TimeSpan elapsed)
    {
        Options = options;
        Aggregation = aggregation;
        Objects = objects;
        Started = started;
        Elapsed = elapsed;
        foreach (ObjectResult o in objects)
        {
            Records += o.Records;
            Lines += o.Lines;
            RejectedLines += o.Errors.Total;
            FailedObjects += o.Failure is null ? 0 : 1;
            PrunedObjects += o.Pruned ? 1 : 0;
            StoredBytes += o.Pruned ? 0 : o.Object.Size;
        }
    }

    /// <summary>The options the run used.</summary>
    public RunOptions Options { get; }

    /// <summary>All workers' aggregation merged.</summary>
    public WindowAggregator Aggregation { get; }

    /// <summary>Every listed object, in listing order.</summary>
    public IReadOnlyList<ObjectResult> Objects { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>How long reading and aggregating took (not writing).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Records aggregated from objects read to their end.</summary>
    public long Records { get; }

    /// <summary>Lines read.</summary>
    public long Lines { get; }

    /// <summary>Rejected lines.</summary>
    public long RejectedLines { get; }

    /// <summary>Objects that could not be read to their end; none of their records count.</summary>
    public int FailedObjects { get; }

    /// <summary>Objects skipped because their key lies outside <c>--from/--to</c>.</summary>
    public int PrunedObjects { get; }

    /// <summary>Stored (compressed) bytes of the objects read.</summary>
    public long StoredBytes { get; }
}
