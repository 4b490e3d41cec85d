namespace FlowAnalytics.Tests.Parquet;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "flowanalytics-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Every file under the directory whose name starts with <paramref name="prefix"/>, at any depth.</summary>
    public string[] FilesStartingWith(string prefix) =>
        Directory.GetFiles(Path, prefix + "*", SearchOption.AllDirectories);

    /// <summary>Every file under the directory, as paths relative to it with '/' separators, sorted.</summary>
    public string[] RelativeFiles() =>
        Directory.GetFiles(Path, "*", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
