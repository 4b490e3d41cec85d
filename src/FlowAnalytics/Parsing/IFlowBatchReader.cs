using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Reads one flow-log object into columnar <see cref="FlowRecordBatch"/>es, whatever its format:
/// the text <see cref="FlowLogReader"/>, or a reader an edge project supplies through
/// <see cref="IFlowLogFormatReader"/> (AWS's Parquet delivery). Bad records are counted in the
/// reader's error log, never thrown; a damaged object throws <see cref="InvalidDataException"/>.
/// </summary>
public interface IFlowBatchReader : IAsyncDisposable
{
    /// <summary>The layout of the records read last.</summary>
    FlowLayout Layout { get; }

    /// <summary>Lines (text) or rows (Parquet) read so far, of every kind.</summary>
    long Lines { get; }

    /// <summary>Fills <paramref name="batch"/> with the next records; false once nothing is left.</summary>
    ValueTask<bool> ReadBatchAsync(FlowRecordBatch batch, CancellationToken cancellationToken = default);
}
