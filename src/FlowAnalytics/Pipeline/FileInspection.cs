using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Pipeline;

/// <summary>What reading one input found: its layouts and counts of lines, records and errors.</summary>
public sealed class FileInspection
{
    /// <summary>Creates an empty inspection of <paramref name="path"/>.</summary>
    public FileInspection(string path, FlowErrorLog errors)
    {
        Path = path;
        Errors = errors;
    }

    /// <summary>The input's path or key.</summary>
    public string Path { get; }

    /// <summary>How the input was compressed.</summary>
    public FlowLogCompression Compression { get; set; }

    /// <summary>The layouts records were read with, in order of appearance.</summary>
    public List<FlowLayout> Layouts { get; } = [];

    /// <summary>Lines read.</summary>
    public long Lines { get; set; }

    /// <summary>Header lines read.</summary>
    public long HeaderLines { get; set; }

    /// <summary>Blank lines skipped.</summary>
    public long BlankLines { get; set; }

    /// <summary>Records typed.</summary>
    public long Records { get; set; }

    /// <summary>Records by log-status, indexed by <see cref="LogStatus"/> value (0 = field absent or <c>-</c>).</summary>
    public long[] ByLogStatus { get; } = new long[4];

    /// <summary>Records by action, indexed by <see cref="FlowAction"/> value (0 = field absent or <c>-</c>).</summary>
    public long[] ByAction { get; } = new long[3];

    /// <summary>Rejected lines.</summary>
    public FlowErrorLog Errors { get; }

    /// <summary>Why the input could not be read to its end (corrupt gzip, I/O error), or null.</summary>
    public string? Failure { get; set; }

    /// <summary>True when any layout has a log-status field.</summary>
    public bool HasLogStatus => AnyLayoutHas(FlowField.LogStatus);

    /// <summary>True when any layout has an action field.</summary>
    public bool HasAction => AnyLayoutHas(FlowField.Action);

    /// <summary>Adds a batch's records to the counts.</summary>
    public void Count(FlowRecordBatch batch)
    {
        ReadOnlySpan<byte> status = batch.Words(FlowField.LogStatus);
        ReadOnlySpan<byte> action = batch.Words(FlowField.Action);
        for (int i = 0; i < batch.Count; i++)
        {
            ByLogStatus[status[i]]++;
            ByAction[action[i]]++;
        }
    }

    private bool AnyLayoutHas(FlowField field)
    {
        foreach (FlowLayout layout in Layouts)
        {
            if (layout.Has(field))
            {
                return true;
            }
        }

        return false;
    }
}
