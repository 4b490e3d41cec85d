using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;

namespace FlowAnalytics.Cli.Commands;

/// <summary>Writes a run's tables as Parquet and then its manifest, each file atomically (S3: each object complete or absent).</summary>
internal static class RunWriter
{
    public static Task<IReadOnlyList<OutputFile>> WriteAsync(
        string output, RunResult result, StorageSettings storage, CancellationToken cancellationToken) =>
        WriteAsync(storage.CreateStore(output), result, cancellationToken);

    public static Task<IReadOnlyList<OutputFile>> WriteAsync(string outputRoot, RunResult result, CancellationToken cancellationToken) =>
        WriteAsync(new LocalSummaryStore(outputRoot), result, cancellationToken);

    private static async Task<IReadOnlyList<OutputFile>> WriteAsync(ISummaryStore store, RunResult result, CancellationToken cancellationToken)
    {
        if (store is LocalSummaryStore local)
        {
            // Leftovers of runs killed before their renames; readers skip them, but they pile up.
            new LocalParquetSink(local.Root).RemoveStaleTempFiles(result.Started.UtcDateTime);
        }

        // A partial run (a shard, a key-list batch) names its files by its run id, so the partials
        // of many runs stand side by side under one prefix for merge; a retried run replaces its own.
        string fileName = result.Options.IsPartial ? LocalParquetSink.PartFileNameOf(result.Options.RunId) : LocalParquetSink.PartFileName;
        // Tables go to files of their own: written side by side, listed in table order.
        IReadOnlyList<(SummaryTable Table, string? PartitionColumn)> tables = RunTables.Build(result);
        ReturnReadPhaseGarbage();
        var writes = new Task<IReadOnlyList<OutputFile>>[tables.Count];
        for (int i = 0; i < tables.Count; i++)
        {
            (SummaryTable table, string? partitionColumn) = tables[i];
            writes[i] = Task.Run(() => store.WriteTableAsync(table, partitionColumn, fileName, cancellationToken), cancellationToken);
        }

        var outputs = new List<OutputFile>();
        foreach (IReadOnlyList<OutputFile> files in await Task.WhenAll(writes).ConfigureAwait(false))
        {
            outputs.AddRange(files);
        }

        // The manifest comes last: its presence says every table file it lists is complete.
        byte[] manifest = RunManifest.ToJson(result, outputs);
        OutputFile written = await store.WriteManifestAsync(result.Options.RunId, manifest, cancellationToken).ConfigureAwait(false);
        outputs.Add(written with { Rows = result.Objects.Count });
        return outputs;
    }

    /// <summary>
    /// Collects, compacts and returns to the OS what reading and building left behind (every
    /// object's maps, buffers, the build's copies) before the write phase allocates its own:
    /// otherwise the GC lets both stand until the process exits, and the peak grows with how full
    /// the sketches are. One full collection here, 20–30 ms on 2 cores, measured (framework-dependent
    /// publish, 3 runs each): peak RSS 1M 102 → 90 MB, 10M 117–126 → 102–105 MB.
    /// </summary>
    private static void ReturnReadPhaseGarbage() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
