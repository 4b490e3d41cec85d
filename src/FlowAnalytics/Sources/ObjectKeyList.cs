using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace FlowAnalytics.Sources;

/// <summary>
/// An explicit list of objects to read (<c>--keys-from</c>), as orchestrators hand one out: the
/// batch a Step Functions Distributed Map ItemBatcher passes to its child
/// (<c>{"Items":[{"Key":…,"Size":…,"Etag":…,"LastModified":…}],"BatchInput":{"Bucket":…}}</c>), an
/// S3 Inventory <c>manifest.json</c> with its CSV data files, or one such CSV file (gzip or plain).
/// </summary>
public static class ObjectKeyList
{
    /// <summary>
    /// Reads the list at <paramref name="location"/> (what <paramref name="open"/> opens: a local path
    /// or an <c>s3://</c> URI). Keys come back decoded (S3 Inventory URL-encodes them).
    /// </summary>
    /// <exception cref="FormatException">The content is none of the three forms, or an entry lacks its key.</exception>
    public static async Task<IReadOnlyList<ListedKey>> ReadAsync(
        string location, Func<string, CancellationToken, Task<Stream>> open, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        byte[] content = await ReadAllAsync(await open(location, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        ReadOnlySpan<byte> text = content.AsSpan().TrimStart(" \t\r\n"u8);
        if (text.IsEmpty || text[0] != (byte)'{')
        {
            return ParseCsv(content, InventorySchema.Default, location);
        }

        using JsonDocument json = ParseJson(content, location);
        JsonElement root = json.RootElement;
        if (root.TryGetProperty("fileSchema", out JsonElement schema) && root.TryGetProperty("files", out JsonElement files))
        {
            var keys = new List<ListedKey>();
            InventorySchema columns = InventorySchema.Parse(schema.GetString() ?? string.Empty, location);
            string? destination = root.TryGetProperty("destinationBucket", out JsonElement d) ? d.GetString() : null;
            foreach (JsonElement file in files.EnumerateArray())
            {
                string key = file.GetProperty("key").GetString() ?? throw new FormatException($"{location}: a file without a key.");
                string data = DataFileLocation(location, destination, key);
                byte[] csv = await ReadAllAsync(await open(data, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                keys.AddRange(ParseCsv(csv, columns, data));
            }

            return keys;
        }

        if (root.TryGetProperty("Items", out JsonElement items) && items.ValueKind == JsonValueKind.Array)
        {
            string? bucket = root.TryGetProperty("BatchInput", out JsonElement input) && input.ValueKind == JsonValueKind.Object
                ? Text(input, "Bucket") ?? Text(input, "bucket")
                : null;
            var keys = new List<ListedKey>(items.GetArrayLength());
            foreach (JsonElement item in items.EnumerateArray())
            {
                string key = Text(item, "Key") ?? throw new FormatException($"{location}: an item without a Key: {item.GetRawText()}");
                long size = item.TryGetProperty("Size", out JsonElement s) && s.TryGetInt64(out long n) ? n : 0;
                keys.Add(new ListedKey(bucket, key, size, Time(Text(item, "LastModified")), Text(item, "Etag") ?? Text(item, "ETag")));
            }

            return keys;
        }

        throw new FormatException($"{location}: JSON that is neither a Distributed Map batch (\"Items\") nor an S3 Inventory manifest (\"fileSchema\", \"files\").");
    }

    // S3 Inventory writes data files under <prefix>/data/ beside the dated folder of the manifest.
    // From S3 the manifest names them by key in its destination bucket; a local copy of the
    // inventory prefix has them in a data/ folder of the manifest's folder or one of its parents.
    private static string DataFileLocation(string manifest, string? destinationBucket, string key)
    {
        if (manifest.StartsWith("s3://", StringComparison.Ordinal))
        {
            string bucket = destinationBucket is { } arn && arn.StartsWith("arn:aws:s3:::", StringComparison.Ordinal)
                ? arn["arn:aws:s3:::".Length..]
                : manifest["s3://".Length..].Split('/')[0];
            return $"s3://{bucket}/{key}";
        }

        string name = key[(key.LastIndexOf('/') + 1)..];
        for (DirectoryInfo? folder = new FileInfo(manifest).Directory; folder is not null; folder = folder.Parent)
        {
            foreach (string candidate in (string[])[Path.Combine(folder.FullName, "data", name), Path.Combine(folder.FullName, name)])
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"{manifest}: data file {key} not found in a data/ folder beside it or above it.", name);
    }

    private static List<ListedKey> ParseCsv(byte[] content, InventorySchema columns, string location)
    {
        string text = Encoding.UTF8.GetString(content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]) ? Gunzip(content) : content);
        var keys = new List<ListedKey>();
        int lineNumber = 0;
        foreach (string line in text.Split('\n'))
        {
            lineNumber++;
            string trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                continue;
            }

            List<string> cells = SplitCsv(trimmed);
            if (cells.Count <= Math.Max(columns.Bucket, columns.Key))
            {
                throw new FormatException($"{location} line {lineNumber}: expected bucket and key columns, got '{Excerpt(trimmed)}'.");
            }

            long size = columns.Size >= 0 && columns.Size < cells.Count && long.TryParse(cells[columns.Size], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0;
            DateTimeOffset? modified = columns.LastModified >= 0 && columns.LastModified < cells.Count ? Time(cells[columns.LastModified]) : null;
            string? etag = columns.ETag >= 0 && columns.ETag < cells.Count && cells[columns.ETag].Length > 0 ? $"\"{cells[columns.ETag].Trim('"')}\"" : null;
            keys.Add(new ListedKey(cells[columns.Bucket], WebUtility.UrlDecode(cells[columns.Key]), size, modified, etag));
        }

        return keys;
    }

    // S3 Inventory quotes every cell ("bucket","key",…) and doubles quotes inside.
    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private static JsonDocument ParseJson(byte[] content, string location)
    {
        try
        {
            return JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{location}: not valid JSON ({e.Message}).", e);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset t)
            ? t
            : null;

    private static string Excerpt(string line) => line.Length <= 80 ? line : line[..80] + "…";

    private static byte[] Gunzip(byte[] content)
    {
        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
    }

    /// <summary>Where the columns of an S3 Inventory CSV are, from its manifest's <c>fileSchema</c>.</summary>
    private sealed record InventorySchema(int Bucket, int Key, int Size, int LastModified, int ETag)
    {
        // Bucket and Key always come first; without a manifest, the optional columns are unknown.
        public static readonly InventorySchema Default = new(0, 1, -1, -1, -1);

        public static InventorySchema Parse(string schema, string location)
        {
            string[] names = schema.Split(',', StringSplitOptions.TrimEntries);
            int bucket = Array.IndexOf(names, "Bucket");
            int key = Array.IndexOf(names, "Key");
            return bucket < 0 || key < 0
                ? throw new FormatException($"{location}: fileSchema '{schema}' has no Bucket and Key columns (only CSV inventories are read).")
                : new InventorySchema(bucket, key, Array.IndexOf(names, "Size"), Array.IndexOf(names, "LastModifiedDate"), Array.IndexOf(names, "ETag"));
        }
    }
}

/// <summary>One object of an explicit key list.</summary>
/// <param name="Bucket">The bucket the list names, or null (the source's).</param>
/// <param name="Key">The object key, decoded.</param>
/// <param name="Size">Its size, or 0 when the list does not say.</param>
/// <param name="LastModified">Its LastModified, when the list says.</param>
/// <param name="ETag">Its ETag (quoted, as S3 lists it), when the list says.</param>
public readonly record struct ListedKey(string? Bucket, string Key, long Size, DateTimeOffset? LastModified, string? ETag);
