using FlowAnalytics.Parsing;

namespace FlowAnalytics.Parquet;

/// <summary>
/// AWS's Parquet delivery of VPC Flow Logs as a job input format: an object that starts with
/// <c>PAR1</c> is read by <see cref="ParquetFlowLogReader"/>, whatever its name. Set it as
/// <see cref="Pipeline.RunOptions.FormatReader"/> to read Parquet and text objects in one run.
/// </summary>
public sealed class ParquetFlowLogFormat : IFlowLogFormatReader
{
    /// <summary>The one instance; the format has no state.</summary>
    public static ParquetFlowLogFormat Instance { get; } = new();

    /// <summary>The four bytes a Parquet file starts and ends with.</summary>
    public static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <inheritdoc/>
    public string Name => "parquet";

    /// <inheritdoc/>
    public int MagicLength => Magic.Length;

    /// <inheritdoc/>
    public bool Matches(ReadOnlySpan<byte> head) => head.SequenceEqual(Magic);

    /// <inheritdoc/>
    public async ValueTask<IFlowBatchReader> OpenAsync(Stream stream, FlowLogReaderOptions options, CancellationToken cancellationToken) =>
        await ParquetFlowLogReader.OpenAsync(stream, options, cancellationToken).ConfigureAwait(false);
}
