using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;

namespace FlowAnalytics.Cli.Commands;

/// <summary>Writes a run's tables as Parquet and then its manifest, each file atomically.</summary>
internal static class RunWriter
{
    public static async Task<IReadOnlyList<OutputFile>> WriteAsync(string outputRoot, RunResult result, CancellationToken cancellationToken)
    {
        var sink = new LocalParquetSink(outputRoot);
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
