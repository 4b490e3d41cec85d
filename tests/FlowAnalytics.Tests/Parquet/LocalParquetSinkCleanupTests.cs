using FlowAnalytics.Parquet;

namespace FlowAnalytics.Tests.Parquet;

public sealed class LocalParquetSinkCleanupTests
{
    [Fact]
    public void RemoveStaleTempFiles_LeftoversOfAKilledRun_RemovesOnlyThoseOlderThanTheRun()
    {
        using var temp = new TempDirectory();
        string partition = Path.Combine(temp.Path, "endpoint_traffic", "date=2026-11-01");
        string manifests = Path.Combine(temp.Path, "_manifest");
        Directory.CreateDirectory(partition);
        Directory.CreateDirectory(manifests);
        DateTime runStart = DateTime.UtcNow;
        string stale = Touch(Path.Combine(partition, ".tmp-0a1b-part-00000.parquet.partial"), runStart.AddMinutes(-5));
        string staleManifest = Touch(Path.Combine(manifests, ".tmp-0a1c-run.json.partial"), runStart.AddHours(-1));
        string current = Touch(Path.Combine(partition, ".tmp-0a1d-part-00000.parquet.partial"), runStart.AddSeconds(1));
        string part = Touch(Path.Combine(partition, "part-00000.parquet"), runStart.AddDays(-1));

        int removed = new LocalParquetSink(temp.Path).RemoveStaleTempFiles(runStart);

        Assert.Equal(2, removed);
        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(staleManifest));
        Assert.True(File.Exists(current));
        Assert.True(File.Exists(part));
    }

    [Fact]
    public void RemoveStaleTempFiles_NoOutputYet_RemovesNothing()
    {
        using var temp = new TempDirectory();

        Assert.Equal(0, new LocalParquetSink(Path.Combine(temp.Path, "missing")).RemoveStaleTempFiles(DateTime.UtcNow));
    }

    private static string Touch(string path, DateTime lastWriteUtc)
    {
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }
}
