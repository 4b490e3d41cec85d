using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;
using FlowAnalytics.S3;

namespace FlowAnalytics.Cli.Commands;

/// <summary>Writes a run's tables as Parquet and then its manifest, each file atomically (S3: each object complete or absent).</summary>
internal static class RunWriter
{
    public static Task<IReadOnlyList<OutputFile>> WriteAsync(
        string output, RunResult result, StorageSettings storage, CancellationToken cancellationToken) =>
        S3Location.IsS3Uri(output)
            ? WriteToS3Async(new S3SummarySink(storage.S3, S3Location.Parse(output), storage.Sink), result, cancellationToken)
            : WriteAsync(output, result, cancellationToken);

    private static async Task<IReadOnlyList<OutputFile>> WriteToS3Async(S3SummarySink sink, RunResult result, CancellationToken cancellationToken)
    {
        var outputs = new List<OutputFile>();
        foreach ((SummaryTable table, string? partitionColumn) in RunTables.Build(result))
        {
            foreach (S3WrittenObject part in await sink.WriteAsync(table, partitionColumn, cancellationToken).ConfigureAwait(false))
            {
                outputs.Add(new OutputFile(part.Uri, part.Rows, part.Bytes));
            }
        }

        byte[] manifest = RunManifest.ToJson(result, outputs);
        S3WrittenObject manifestObject = await sink.WriteManifestAsync(result.Options.RunId, manifest, cancellationToken).ConfigureAwait(false);
        outputs.Add(new OutputFile(manifestObject.Uri, result.Objects.Count, manifestObject.Bytes));
        return outputs;
    }

    public static async Task<IReadOnlyList<OutputFile>> WriteAsync(string outputRoot, RunResult result, CancellationToken cancellationToken)
    {
        var sink = new LocalParquetSink(outputRoot);

        // Leftovers of runs killed before their renames; readers skip them, but they pile up.
        sink.RemoveStaleTempFiles(result.Started.UtcDateTime);
        var outputs = new List<OutputFile>();
        foreach ((SummaryTable table, string? partitionColumn) in RunTables.Build(result))
        {
            foreach (WrittenParquetFile file in await sink.WriteAsync(table, partitionColumn, cancellationToken).ConfigureAwait(false))
            {
                outputs.Add(new OutputFile(file.Path, file.Rows, file.Bytes));
            }
        }

        // The manifest comes last: its presence says every table file it lists is complete.
        byte[] manifest = RunManifest.ToJson(result, outputs);
        string path = Path.Combine(sink.OutputRoot, RunManifest.Folder, result.Options.RunId + ".json");
        await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(manifest, token).AsTask(), cancellationToken).ConfigureAwait(false);
        outputs.Add(new OutputFile(path, result.Objects.Count, manifest.Length));
        return outputs;
    }
}
