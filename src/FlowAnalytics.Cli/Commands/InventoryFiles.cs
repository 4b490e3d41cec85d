using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using FlowAnalytics.S3;

namespace FlowAnalytics.Cli.Commands;

/// <summary>
/// The <c>--inventory</c> inputs: local files and folders of <c>*.json</c>, or S3 prefixes (or
/// keys) of them, which are downloaded to a temporary folder for the one load and removed after.
/// </summary>
internal static class InventoryFiles
{
    public static async Task<EndpointInventory> LoadAsync(IReadOnlyList<string> paths, StorageSettings storage, CancellationToken cancellationToken)
    {
        string? downloads = null;
        try
        {
            var files = new List<string>();
            foreach (string path in paths)
            {
                if (!S3Location.IsS3Uri(path))
                {
                    files.Add(path);
                    continue;
                }

                downloads ??= Directory.CreateTempSubdirectory("flowanalytics-inventory-").FullName;
                files.AddRange(await DownloadAsync(path, storage, Path.Combine(downloads, files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false));
            }

            return EndpointInventory.Load(files);
        }
        finally
        {
            if (downloads is not null)
            {
                Directory.Delete(downloads, recursive: true);
            }
        }
    }

    private static async Task<List<string>> DownloadAsync(string uri, StorageSettings storage, string folder, CancellationToken cancellationToken)
    {
        // s3://bucket/inventory/ is a prefix of *.json objects; s3://bucket/inventory/enis.json one object.
        bool single = uri.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        string prefix = single ? uri[..(uri.LastIndexOf('/') + 1)] : uri;
        string? name = single ? uri[(uri.LastIndexOf('/') + 1)..] : null;
        var store = new S3SummaryStore(storage.S3, S3Location.Parse(prefix), storage.Sink);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (StoredFile file in await store.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (!file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || file.Path.Contains('/', StringComparison.Ordinal)
                || (name is not null && file.Path != name))
            {
                continue;
            }

            string local = Path.Combine(folder, file.Path);
            await File.WriteAllBytesAsync(local, await store.ReadAsync(file.Path, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            files.Add(local);
        }

        return files.Count > 0
            ? files
            : throw new FileNotFoundException($"No inventory JSON (*.json) at {uri}.", uri);
    }
}
