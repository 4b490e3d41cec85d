using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Pipeline;

/// <summary>Reads whole inputs and reports what they hold (the engine behind <c>flowanalytics inspect</c>).</summary>
public static class FileInspector
{
    /// <summary>
    /// Reads <paramref name="stream"/> to its end. A stream that fails part way (corrupt or
    /// truncated gzip, I/O error) keeps the counts made so far and says why in <see cref="FileInspection.Failure"/>.
    /// Gzip is inflated by <paramref name="inflater"/>.
    /// </summary>
    public static async Task<FileInspection> InspectAsync(
        string path, Stream stream, FlowLayout layout, int errorSamples = 5, GzipInflater inflater = GzipInflater.Auto,
        CancellationToken cancellationToken = default)
    {
        var inspection = new FileInspection(path, new FlowErrorLog(errorSamples));
        DecodedInput input;
        try
        {
            input = await FlowLogDecoder.OpenAsync(stream, inflater, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            inspection.Failure = e.Message;
            return inspection;
        }

        inspection.Compression = input.Compression;
        var options = new FlowLogReaderOptions { Layout = layout, Errors = inspection.Errors };
        await using var reader = new FlowLogReader(input.Reader, options);
        var batch = new FlowRecordBatch();
        try
        {
            while (await reader.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                inspection.Count(batch);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            inspection.Failure = $"{(input.Compression == FlowLogCompression.Gzip ? "corrupt gzip" : "read error")}: {e.Message}";
        }

        inspection.Layouts.AddRange(reader.Layouts);
        inspection.Lines = reader.Lines;
        inspection.HeaderLines = reader.HeaderLines;
        inspection.BlankLines = reader.BlankLines;
        inspection.Records = reader.Records;
        return inspection;
    }
}
