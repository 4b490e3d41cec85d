using System.Text.Json;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Pipeline;

namespace FlowAnalytics.Parquet;

/// <summary>
/// <c>flowanalytics merge</c>: combines the partial summaries of several runs (shards, key-list
/// batches) into final tables. Only files a run's manifest lists are read (a manifest is written
/// after its tables, so its files are complete; a file no manifest lists is a leftover). Each output
/// partition is a function of the set of input files of that partition, so merging again, or
/// merging the same partial twice, changes nothing; and only partitions whose inputs changed since
/// the last merge (recorded in <c>_manifest/merge.json</c> of the output) are written again.
/// </summary>
public static class PartialMerge
{
    /// <summary>The merge's own manifest: <c>_manifest/merge.json</c> under the output.</summary>
    public const string ManifestName = "merge";

    private static readonly string[] TrafficTableNames = [TrafficTables.EndpointTraffic, TrafficTables.EniTraffic, ServicePathTable.Name];

    /// <summary>Merges the partials under <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <exception cref="InvalidDataException">No manifest, a listed file is missing, shard counts disagree, or a file is not a summary this engine wrote.</exception>
    public static async Task<MergeResult> RunAsync(ISummaryStore input, ISummaryStore output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        IReadOnlyList<PartialRun> runs = await ReadManifestsAsync(input, cancellationToken).ConfigureAwait(false);
        ThrowIfObjectsOverlap(runs, input.Root);

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (PartialRun run in runs)
        {
            listed.UnionWith(run.Files);
        }

        // Every partition's live inputs: files a manifest lists, found in the store.
        var partitions = new SortedDictionary<string, List<StoredFile>>(StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        int ignored = 0;
        foreach (string table in (string[])[.. TrafficTableNames, RunTables.Errors])
        {
            foreach (StoredFile file in await input.ListAsync(table + "/", cancellationToken).ConfigureAwait(false))
            {
                if (!file.Path.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    continue;
                }

                present.Add(file.Path);
                if (!listed.Contains(file.Path))
                {
                    ignored++;
                    continue;
                }

                string partition = file.Path[..file.Path.LastIndexOf('/')];
                if (!partitions.TryGetValue(partition, out List<StoredFile>? files))
                {
                    partitions.Add(partition, files = []);
                }

                files.Add(file);
            }
        }

        foreach (string file in listed)
        {
            if (!present.Contains(file))
            {
                throw new InvalidDataException($"{input.Root}: {file} is listed by a run's manifest but missing; rerun that run (or remove its manifest) before merging.");
            }
        }

        Dictionary<string, string> previous = await ReadPreviousSignaturesAsync(output, input.Root, cancellationToken).ConfigureAwait(false);
        var signatures = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var outputs = new List<OutputFile>();
        int unchanged = 0;
        foreach ((string partition, List<StoredFile> files) in partitions)
        {
            string signature = Signature(files);
            signatures[partition] = signature;
            if (previous.TryGetValue(partition, out string? before) && before == signature)
            {
                unchanged++;
                continue;
            }

            string table = partition.Split('/')[0];
            var parts = new List<SummaryTable>(files.Count);
            var names = new List<string>(files.Count);
            foreach (StoredFile file in files)
            {
                byte[] bytes = await input.ReadAsync(file.Path, cancellationToken).ConfigureAwait(false);
                using var stream = new MemoryStream(bytes, writable: false);
                parts.Add(await SummaryParquetReader.ReadAsync(stream, table, cancellationToken).ConfigureAwait(false));
                names.Add($"{input.Root}/{file.Path}");
            }

            bool traffic = Array.IndexOf(TrafficTableNames, table) >= 0;
            SummaryTable merged = traffic
                ? SummaryRowMerger.Merge(parts)
                : SummaryTableConcatenation.Concatenate(table, parts, names);
            outputs.AddRange(await output.WriteTableAsync(
                merged, traffic ? TrafficTables.PartitionColumn : null, LocalParquetSink.PartFileName, cancellationToken).ConfigureAwait(false));
        }

        var result = new MergeResult(runs.Count, partitions.Count - unchanged, unchanged, ignored, outputs);
        byte[] manifest = ManifestJson(input.Root, runs, signatures, result);
        outputs.Add(await output.WriteManifestAsync(ManifestName, manifest, cancellationToken).ConfigureAwait(false));
        return result;
    }

    private static async Task<IReadOnlyList<PartialRun>> ReadManifestsAsync(ISummaryStore input, CancellationToken cancellationToken)
    {
        var runs = new List<PartialRun>();
        foreach (StoredFile file in await input.ListAsync(RunManifest.Folder + "/", cancellationToken).ConfigureAwait(false))
        {
            if (!file.Path.EndsWith(".json", StringComparison.Ordinal) || file.Path.EndsWith($"/{ManifestName}.json", StringComparison.Ordinal))
            {
                continue;
            }

            byte[] bytes = await input.ReadAsync(file.Path, cancellationToken).ConfigureAwait(false);
            runs.Add(PartialRun.Parse(bytes, $"{input.Root}/{file.Path}"));
        }

        return runs.Count > 0
            ? runs
            : throw new InvalidDataException($"{input.Root}: no run manifest under {RunManifest.Folder}/: nothing to merge (is --in the --out of the runs?).");
    }

    // Runs may be merged only if no object was counted by two of them: shards of two different
    // splits, key batches cut differently on a rerun, or a plain run beside shards would count it
    // twice. Runs of disjoint --from/--to ranges may read one object (the hour of slack at a day's
    // edge): each counts only the records in its own range.
    private static void ThrowIfObjectsOverlap(IReadOnlyList<PartialRun> runs, string root)
    {
        var readBy = new Dictionary<string, List<PartialRun>>(StringComparer.Ordinal);
        foreach (PartialRun run in runs)
        {
            foreach (string key in run.Inputs)
            {
                if (!readBy.TryGetValue(key, out List<PartialRun>? readers))
                {
                    readBy.Add(key, readers = []);
                }

                foreach (PartialRun other in readers)
                {
                    if (other.RunId != run.RunId && other.From < run.To && run.From < other.To)
                    {
                        throw new InvalidDataException(
                            $"{root}: runs {other.RunId} and {run.RunId} both counted {key}; merging them would count it twice. "
                            + "Remove the manifest of the run that is replaced (or write each split to its own prefix).");
                    }
                }

                readers.Add(run);
            }
        }
    }

    private static string Signature(List<StoredFile> files)
    {
        var parts = new List<string>(files.Count);
        foreach (StoredFile f in files)
        {
            parts.Add($"{f.Path}|{f.Size}|{f.Version}");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join('\n', parts);
    }

    // The output's tables are a function of one input's partials: merging another input into the
    // same output would replace its partitions with the other input's rows alone.
    private static async Task<Dictionary<string, string>> ReadPreviousSignaturesAsync(ISummaryStore output, string inputRoot, CancellationToken cancellationToken)
    {
        var signatures = new Dictionary<string, string>(StringComparer.Ordinal);
        string path = $"{RunManifest.Folder}/{ManifestName}.json";
        IReadOnlyList<StoredFile> found = await output.ListAsync(RunManifest.Folder + "/", cancellationToken).ConfigureAwait(false);
        bool exists = false;
        foreach (StoredFile file in found)
        {
            exists |= file.Path == path;
        }

        if (!exists)
        {
            return signatures;
        }

        try
        {
            using JsonDocument json = JsonDocument.Parse(await output.ReadAsync(path, cancellationToken).ConfigureAwait(false));
            string? previousInput = json.RootElement.GetProperty("input").GetString();
            if (previousInput != inputRoot)
            {
                throw new InvalidDataException(
                    $"{output.Root} holds the merge of {previousInput}, not of {inputRoot}: merging another input would replace its partitions. "
                    + "Keep one partials prefix per output (shards of every day under it), or merge into another --out.");
            }

            foreach (JsonProperty p in json.RootElement.GetProperty("partitions").EnumerateObject())
            {
                signatures[p.Name] = p.Value.GetProperty("inputs").GetString() ?? string.Empty;
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{output.Root}/{path}: not a merge manifest ({e.Message}).", e);
        }

        return signatures;
    }

    private static byte[] ManifestJson(string inputRoot, IReadOnlyList<PartialRun> runs, SortedDictionary<string, string> signatures, MergeResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("merged_at", DateTimeOffset.UtcNow);
            json.WriteString("input", inputRoot);
            json.WriteStartArray("runs");
            foreach (PartialRun run in runs)
            {
                json.WriteStringValue(run.RunId);
            }

            json.WriteEndArray();
            json.WriteStartObject("partitions");
            foreach ((string partition, string signature) in signatures)
            {
                json.WriteStartObject(partition);
                json.WriteString("inputs", signature);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            RunManifest.WriteOutputs(json, result.Outputs);
            json.WriteNumber("partitions_written", result.PartitionsWritten);
            json.WriteNumber("partitions_unchanged", result.PartitionsUnchanged);
            json.WriteNumber("ignored_files", result.IgnoredFiles);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>What one run's manifest says about its partial output.</summary>
    private sealed record PartialRun(string RunId, IReadOnlyList<string> Inputs, IReadOnlyList<string> Files, DateTimeOffset From, DateTimeOffset To)
    {
        public static PartialRun Parse(byte[] bytes, string where)
        {
            try
            {
                using JsonDocument json = JsonDocument.Parse(bytes);
                JsonElement root = json.RootElement;
                string runId = root.GetProperty("run_id").GetString() ?? throw new InvalidDataException($"{where}: run_id is null.");
                var inputs = new List<string>();
                foreach (JsonElement input in root.GetProperty("inputs").EnumerateArray())
                {
                    if (input.GetProperty("failure").ValueKind == JsonValueKind.Null && !input.GetProperty("pruned").GetBoolean())
                    {
                        inputs.Add(input.GetProperty("key").GetString() ?? string.Empty);
                    }
                }

                var files = new List<string>();
                foreach (JsonElement output in root.GetProperty("outputs").EnumerateArray())
                {
                    if (RelativeToRoot(output.GetProperty("path").GetString() ?? string.Empty) is { } relative)
                    {
                        files.Add(relative);
                    }
                }

                JsonElement options = root.GetProperty("options");
                return new PartialRun(runId, inputs, files, Time(options.GetProperty("from"), DateTimeOffset.MinValue), Time(options.GetProperty("to"), DateTimeOffset.MaxValue));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{where}: not a run manifest ({e.Message}).", e);
            }
        }

        private static DateTimeOffset Time(JsonElement value, DateTimeOffset open) =>
            value.ValueKind == JsonValueKind.Null ? open : value.GetDateTimeOffset();

        // Manifests name outputs where they were written (a local path or an s3:// URI); the tree may
        // have moved since (aws s3 sync), so a file is known by its path from the table folder on:
        // <table>/part-….parquet or <table>/date=…/part-….parquet.
        private static string? RelativeToRoot(string path)
        {
            string[] segments = path.Replace('\\', '/').Split('/');
            for (int depth = 2; depth <= 3 && depth <= segments.Length; depth++)
            {
                string table = segments[^depth];
                if (Array.IndexOf(TrafficTableNames, table) >= 0 || table == RunTables.Errors)
                {
                    return string.Join('/', segments[^depth..]);
                }
            }

            return null;
        }
    }
}

/// <summary>What a merge did.</summary>
/// <param name="Runs">Run manifests found under the input.</param>
/// <param name="PartitionsWritten">Output partitions written (their inputs changed or are new).</param>
/// <param name="PartitionsUnchanged">Output partitions skipped: the same inputs as the last merge.</param>
/// <param name="IgnoredFiles">Part files no manifest lists (leftovers of replaced or killed runs), not read.</param>
/// <param name="Outputs">The files written.</param>
public sealed record MergeResult(int Runs, int PartitionsWritten, int PartitionsUnchanged, int IgnoredFiles, List<OutputFile> Outputs);
