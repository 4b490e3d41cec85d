using System.Text.Json;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Pipeline;

/// <summary>
/// The objects earlier runs read to their end, from their manifests: what <c>--incremental</c>
/// skips, by key. Failed and pruned objects are not processed, so they are read again. An object
/// whose ETag (S3) or size and last-modified time (local copies) differ from what the earlier run
/// read has changed since: it is skipped too (its earlier content is what the tables count, and
/// cannot be taken out of them), and <see cref="HasChanged"/> lets the caller say so.
/// </summary>
public sealed class ProcessedObjects
{
    private readonly Dictionary<string, (long Size, string? Version)> _objects = new(StringComparer.Ordinal);

    /// <summary>How many objects the manifests list as processed.</summary>
    public int Count => _objects.Count;

    /// <summary>The window length, in seconds, of the earlier runs (all must agree), or null when there were none.</summary>
    public long? WindowSeconds { get; private set; }

    /// <summary>The <c>--from</c>/<c>--to</c> of the earlier runs.</summary>
    public (DateTimeOffset? From, DateTimeOffset? To)? Range { get; private set; }

    /// <summary>Adds what one manifest lists.</summary>
    /// <exception cref="InvalidDataException">The manifest is not one of a run, or its window or range differs from the others'.</exception>
    public void AddManifest(ReadOnlySpan<byte> json, string where)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement options = document.RootElement.GetProperty("options");
            long window = options.GetProperty("window_seconds").GetInt64();
            (DateTimeOffset?, DateTimeOffset?) range = (Time(options.GetProperty("from")), Time(options.GetProperty("to")));
            if ((WindowSeconds is { } w && w != window) || (Range is { } r && r != range))
            {
                throw new InvalidDataException($"{where}: the earlier runs used different --window or --from/--to values; an incremental output keeps one.");
            }

            WindowSeconds = window;
            Range = range;
            foreach (JsonElement input in document.RootElement.GetProperty("inputs").EnumerateArray())
            {
                if (input.GetProperty("failure").ValueKind == JsonValueKind.Null && !input.GetProperty("pruned").GetBoolean())
                {
                    _objects[Normalize(input.GetProperty("key").GetString()!)] = (input.GetProperty("size").GetInt64(), Version(input));
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{where}: not a run manifest ({e.Message}).", e);
        }
    }

    /// <summary>True when an object of <paramref name="item"/>'s key was read to its end by an earlier run.</summary>
    public bool Contains(FlowLogObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _objects.ContainsKey(Normalize(item.Key));
    }

    /// <summary>True when an earlier run read an object of this key, but not this version of it.</summary>
    public bool HasChanged(FlowLogObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _objects.TryGetValue(Normalize(item.Key), out (long Size, string? Version) seen)
            && (seen.Size != item.Size
                || seen.Version != (item.ETag ?? item.LastModified?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Local paths are spelled as --source was (logs, ./logs, /data/logs): one file, one key.
    private static string Normalize(string key) =>
        key.StartsWith("s3://", StringComparison.Ordinal) ? key : Path.GetFullPath(key);

    private static DateTimeOffset? Time(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDateTimeOffset();

    private static string? Version(JsonElement input) =>
        input.GetProperty("etag").GetString()
        ?? (input.GetProperty("last_modified").ValueKind == JsonValueKind.String ? input.GetProperty("last_modified").GetDateTime().ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) : null);
}
