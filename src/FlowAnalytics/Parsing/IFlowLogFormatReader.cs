namespace FlowAnalytics.Parsing;

/// <summary>
/// A flow-log format besides text, recognised by an object's first bytes (never by its name) and
/// read by an edge project, so the engine stays free of third-party packages: FlowAnalytics.Parquet
/// implements it for AWS's Parquet delivery and the CLI hands it to the job in
/// <see cref="Pipeline.RunOptions.FormatReader"/>.
/// </summary>
public interface IFlowLogFormatReader
{
    /// <summary>The format's name, as failures name it (<c>corrupt parquet: …</c>).</summary>
    string Name { get; }

    /// <summary>How many leading bytes <see cref="Matches"/> needs.</summary>
    int MagicLength { get; }

    /// <summary>True when an object starting with <paramref name="head"/> (up to <see cref="MagicLength"/> bytes) is in this format.</summary>
    bool Matches(ReadOnlySpan<byte> head);

    /// <summary>
    /// Opens an object whose first bytes matched, from its first byte. The stream may not be
    /// seekable; the returned reader owns it and disposes it.
    /// </summary>
    /// <exception cref="InvalidDataException">The object is damaged.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    ValueTask<IFlowBatchReader> OpenAsync(Stream stream, FlowLogReaderOptions options, CancellationToken cancellationToken);
}
