namespace FlowAnalytics.Tests.Support;

/// <summary>Finds the repository and the shared peer corpus from the test binaries' location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string DataSamples => Path.Combine(Root, "data-samples");

    /// <summary>The read-only peer corpus beside the clone (../shared/peer-corpus), as CI lays it out.</summary>
    public static string PeerCorpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "peer-corpus"));

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "FlowAnalytics.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"No FlowAnalytics.sln above {AppContext.BaseDirectory}.");
    }
}
