using System.Text.Json;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Pipeline;

/// <summary>Every file of ../shared/peer-corpus read and checked against its expected.json entry.</summary>
public class PeerCorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.PeerCorpus, "expected.json")));
        foreach (JsonProperty file in expected.RootElement.EnumerateObject())
        {
            data.Add(file.Name);
        }

        return data;
    }

    /// <summary>Every file with each inflater (plain files read the same either way).</summary>
    public static TheoryData<string, GzipInflater> FilesAndInflaters()
    {
        var data = new TheoryData<string, GzipInflater>();
        foreach (string file in Files())
        {
            data.Add(file, GzipInflater.Zlib);
            data.Add(file, GzipInflater.Isal);
        }

        return data;
    }

    [Fact]
    public void Files_Corpus_HasEveryFileOnDisk()
    {
        int onDisk = Directory.GetFiles(RepositoryPaths.PeerCorpus, "*.log*", SearchOption.AllDirectories).Length;

        Assert.Equal(onDisk, Files().Count);
        Assert.True(onDisk >= 13);
    }

    [Theory]
    [MemberData(nameof(FilesAndInflaters))]
    public async Task InspectAsync_PeerFile_MatchesExpectedCounts(string relativePath, GzipInflater inflater)
    {
        if (inflater == GzipInflater.Isal)
        {
            await IsalInstall.EnsureAsync();
        }

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.PeerCorpus, "expected.json")));
        JsonElement expected = document.RootElement.GetProperty(relativePath);
        string path = Path.Combine(RepositoryPaths.PeerCorpus, relativePath);

        FileInspection result = await FileInspector.InspectAsync(path, LocalFileSource.Open(path), FlowLayout.Default, inflater: inflater);

        Assert.Null(result.Failure);
        Assert.Equal(expected.GetProperty("records").GetInt64(), result.Records);
        Assert.Equal(expected.GetProperty("errors").GetInt64(), result.Errors.Total);
        if (expected.TryGetProperty("log_status", out JsonElement status))
        {
            Assert.True(result.HasLogStatus);
            Assert.Equal(status.GetProperty("OK").GetInt64(), result.ByLogStatus[(int)LogStatus.Ok]);
            Assert.Equal(status.GetProperty("NODATA").GetInt64(), result.ByLogStatus[(int)LogStatus.NoData]);
            Assert.Equal(status.GetProperty("SKIPDATA").GetInt64(), result.ByLogStatus[(int)LogStatus.SkipData]);
        }

        if (expected.TryGetProperty("action", out JsonElement action))
        {
            Assert.True(result.HasAction);
            Assert.Equal(action.GetProperty("ACCEPT").GetInt64(), result.ByAction[(int)FlowAction.Accept]);
            Assert.Equal(action.GetProperty("REJECT").GetInt64(), result.ByAction[(int)FlowAction.Reject]);
        }
    }
}
