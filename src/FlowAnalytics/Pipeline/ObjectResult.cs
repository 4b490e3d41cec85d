using FlowAnalytics.Parsing;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Pipeline;

/// <summary>What a run did with one input object; a manifest entry.</summary>
public sealed class ObjectResult
{
    /// <summary>Creates the result of reading <paramref name="item"/>.</summary>
    public ObjectResult(FlowLogObject item, FlowErrorLog errors)
    {
        Object = item;
        Errors = errors;
    }

    /// <summary>The object.</summary>
    public FlowLogObject Object { get; }

    /// <summary>Lines read.</summary>
    public long Lines { get; set; }

    /// <summary>Records aggregated.</summary>
    public long Records { get; set; }

    /// <summary>Records outside <c>--from/--to</c>, read but not aggregated.</summary>
    public long FilteredRecords { get; set; }

    /// <summary>Rejected lines.</summary>
    public FlowErrorLog Errors { get; }

    /// <summary>The layout of the object's records (its last header), as a header line.</summary>
    public string? Fields { get; set; }

    /// <summary>Why the object could not be read to its end, or null.</summary>
    public string? Failure { get; set; }

    /// <summary>How many times the object was read (more than 1 after transient failures).</summary>
    public int Attempts { get; set; } = 1;

    /// <summary>True when <see cref="Failure"/> may go away on another attempt.</summary>
    public bool IsTransientFailure { get; set; }

    /// <summary>True when the object was not read because its key lies outside <c>--from/--to</c>.</summary>
    public bool Pruned { get; set; }
}
