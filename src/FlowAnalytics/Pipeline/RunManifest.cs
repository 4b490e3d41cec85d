using System.Text.Json;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Pipeline;

/// <summary>
/// The run's manifest (<c>_manifest/&lt;run-id&gt;.json</c>): every input with its size, arrival,
/// ETag, counts and failure, every output file, and the totals. It is what <c>--incremental</c>
/// and people auditing a number read.
/// </summary>
public static class RunManifest
{
    /// <summary>The folder under the output that holds manifests.</summary>
    public const string Folder = "_manifest";

    /// <summary>Writes the manifest as indented UTF-8 JSON.</summary>
    public static byte[] ToJson(RunResult result, IReadOnlyList<OutputFile> outputs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            RunOptions options = result.Options;
            json.WriteStartObject();
            json.WriteString("run_id", options.RunId);
            json.WriteString("started", result.Started);
            json.WriteNumber("elapsed_seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            json.WriteStartObject("options");
            json.WriteNumber("window_seconds", (long)options.Window.TotalSeconds);
            json.WriteNumber("workers", options.Workers);
            json.WriteString("inflate", options.Inflater == GzipInflater.Isal ? "isal" : "zlib");
            json.WriteString("arrival_time", options.Arrival == ArrivalTime.LastModified ? "last_modified" : "none");
            WriteTime(json, "from", options.From);
            WriteTime(json, "to", options.To);
            json.WriteString("default_format", options.Layout.ToString());
            json.WriteBoolean("partial", options.IsPartial);
            if (options.Shard is { } shard)
            {
                json.WriteStartObject("shard");
                json.WriteNumber("index", shard.Index);
                json.WriteNumber("count", shard.Count);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("shard");
            }

            json.WriteEndObject();

            json.WriteStartArray("inputs");
            foreach (ObjectResult o in result.Objects)
            {
                WriteInput(json, o);
            }

            json.WriteEndArray();
            WriteOutputs(json, outputs);
            json.WriteStartObject("totals");
            json.WriteNumber("objects", result.Objects.Count);
            json.WriteNumber("failed_objects", result.FailedObjects);
            json.WriteNumber("pruned_objects", result.PrunedObjects);
            json.WriteNumber("lines", result.Lines);
            json.WriteNumber("records", result.Records);
            json.WriteNumber("rejected_lines", result.RejectedLines);
            json.WriteNumber("endpoint_records", result.Aggregation.EndpointRecords);
            json.WriteNumber("transit_gateway_records", result.Aggregation.TransitGatewayRecords);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the <c>outputs</c> array (path, rows, bytes), as every manifest lists its files.</summary>
    public static void WriteOutputs(Utf8JsonWriter json, IReadOnlyList<OutputFile> outputs)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(outputs);
        json.WriteStartArray("outputs");
        foreach (OutputFile file in outputs)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteNumber("rows", file.Rows);
            json.WriteNumber("bytes", file.Bytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteInput(Utf8JsonWriter json, ObjectResult o)
    {
        json.WriteStartObject();
        json.WriteString("key", o.Object.Key);
        json.WriteNumber("size", o.Object.Size);
        WriteTime(json, "last_modified", o.Object.LastModified);
        if (o.Object.ETag is null)
        {
            json.WriteNull("etag");
        }
        else
        {
            json.WriteString("etag", o.Object.ETag);
        }

        json.WriteBoolean("pruned", o.Pruned);
        json.WriteNumber("attempts", o.Attempts);
        json.WriteNumber("lines", o.Lines);
        json.WriteNumber("records", o.Records);
        json.WriteNumber("filtered_records", o.FilteredRecords);
        json.WriteNumber("errors", o.Errors.Total);
        json.WriteStartObject("error_counts");
        foreach ((string reason, long count) in o.Errors.Counts)
        {
            json.WriteNumber(reason, count);
        }

        json.WriteEndObject();
        if (o.Fields is null)
        {
            json.WriteNull("fields");
        }
        else
        {
            json.WriteString("fields", o.Fields);
        }

        if (o.Failure is null)
        {
            json.WriteNull("failure");
        }
        else
        {
            json.WriteString("failure", o.Failure);
        }

        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteString(name, t.UtcDateTime);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

/// <summary>A file a run wrote.</summary>
/// <param name="Path">Where it is (local path or s3:// URI).</param>
/// <param name="Rows">Rows in it.</param>
/// <param name="Bytes">Its size.</param>
public readonly record struct OutputFile(string Path, long Rows, long Bytes);
