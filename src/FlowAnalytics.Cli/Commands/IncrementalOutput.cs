using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;
using FlowAnalytics.S3;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Cli.Commands;

/// <summary>
/// An output kept up to date by <c>run --incremental</c>. Each run writes the objects it has not
/// seen before as a partial under <c>&lt;out&gt;/_partials/</c> (its manifest last), then merges the
/// partials into the tables of <c>&lt;out&gt;</c>, rewriting only the partitions whose partials changed.
/// So a late object for an old window is merged into that window's row, and a run killed anywhere
/// leaves either its complete partial (merged by the next run) or one no manifest lists (ignored,
/// and its objects read again): nothing is ever counted twice or lost.
/// </summary>
internal sealed class IncrementalOutput
{
    /// <summary>The folder of the partials, hidden from Hive-style readers of the output.</summary>
    public const string PartialsFolder = "_partials";

    private readonly StorageSettings _storage;

    private IncrementalOutput(string output, StorageSettings storage, ProcessedObjects processed)
    {
        Output = output;
        PartialsRoot = PartialsRootOf(output);
        _storage = storage;
        Processed = processed;
    }

    public string Output { get; }

    public string PartialsRoot { get; }

    public ProcessedObjects Processed { get; }

    /// <summary>Reads what earlier incremental runs into <paramref name="output"/> processed.</summary>
    /// <exception cref="FormatException">The output was written without <c>--incremental</c>, or with another window or range.</exception>
    public static async Task<IncrementalOutput> OpenAsync(string output, RunOptions options, StorageSettings storage, CancellationToken cancellationToken)
    {
        if (await HasRunManifestsAsync(storage.CreateStore(output), cancellationToken).ConfigureAwait(false))
        {
            throw new FormatException($"{output} holds the output of runs without --incremental; write incremental runs to a new --out.");
        }

        var processed = new ProcessedObjects();
        var incremental = new IncrementalOutput(output, storage, processed);
        ISummaryStore partials = storage.CreateStore(incremental.PartialsRoot);
        foreach (StoredFile file in await partials.ListAsync(RunManifest.Folder + "/", cancellationToken).ConfigureAwait(false))
        {
            try
            {
                processed.AddManifest(await partials.ReadAsync(file.Path, cancellationToken).ConfigureAwait(false), $"{partials.Root}/{file.Path}");
            }
            catch (InvalidDataException e)
            {
                throw new FormatException(e.Message, e);
            }
        }

        if (processed.WindowSeconds is { } window && window != (long)options.Window.TotalSeconds)
        {
            throw new FormatException($"{output} was built with --window {window}s; an incremental output keeps its window (got {(long)options.Window.TotalSeconds}s).");
        }

        if (processed.Range is { } range && range != (options.From, options.To))
        {
            throw new FormatException($"{output} was built with --from {range.From?.ToString("O") ?? "(none)"} --to {range.To?.ToString("O") ?? "(none)"}; an incremental output keeps its range.");
        }

        return incremental;
    }

    /// <summary>Throws when <paramref name="output"/> is maintained by incremental runs, which a plain run would undo.</summary>
    public static async Task ThrowIfIncrementalAsync(string output, StorageSettings storage, CancellationToken cancellationToken)
    {
        string partials = PartialsRootOf(output);
        if ((await storage.CreateStore(partials).ListAsync(RunManifest.Folder + "/", cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new FormatException($"{output} is kept by --incremental runs (see {partials}); pass --incremental, or write to a new --out.");
        }
    }

    /// <summary>Objects skipped although they changed since an earlier run read them.</summary>
    public List<string> Changed { get; } = [];

    /// <summary>The source without the objects earlier runs processed.</summary>
    public ExcludingSource Exclude(IFlowLogSource source) => new(source, item =>
    {
        if (Processed.HasChanged(item))
        {
            lock (Changed)
            {
                Changed.Add(item.Key);
            }
        }

        return Processed.Contains(item);
    });

    /// <summary>Writes the run's partial (when it read anything) and merges every partial into the output tables.</summary>
    public async Task<IReadOnlyList<OutputFile>> WriteAsync(RunResult result, CancellationToken cancellationToken)
    {
        if (result.Objects.Count > 0)
        {
            await RunWriter.WriteAsync(PartialsRoot, result, _storage, cancellationToken).ConfigureAwait(false);
        }

        ISummaryStore partials = _storage.CreateStore(PartialsRoot);
        if ((await partials.ListAsync(RunManifest.Folder + "/", cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return [];
        }

        // Also after a run that found nothing new: a merge the last run did not finish is finished here.
        MergeResult merged = await PartialMerge.RunAsync(partials, _storage.CreateStore(Output), cancellationToken).ConfigureAwait(false);
        return merged.Outputs;
    }

    private static string PartialsRootOf(string output) =>
        S3Location.IsS3Uri(output) ? S3Location.Parse(output).UriOf(PartialsFolder + "/") : Path.Combine(output, PartialsFolder);

    private static async Task<bool> HasRunManifestsAsync(ISummaryStore output, CancellationToken cancellationToken)
    {
        foreach (StoredFile file in await output.ListAsync(RunManifest.Folder + "/", cancellationToken).ConfigureAwait(false))
        {
            if (file.Path != $"{RunManifest.Folder}/{PartialMerge.ManifestName}.json")
            {
                return true;
            }
        }

        return false;
    }
}
