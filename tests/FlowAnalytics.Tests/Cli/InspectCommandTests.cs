using System.Text.Json;
using FlowAnalytics.Cli;
using FlowAnalytics.Tests.Pipeline;

namespace FlowAnalytics.Tests.Cli;

/// <summary><c>flowanalytics inspect --json</c> in a child process (it writes to the raw standard output stream).</summary>
public sealed class InspectCommandTests : IDisposable
{
    private static readonly string[] FileKeys =
    [
        "path", "compression", "kind", "fields", "lines", "header_lines", "blank_lines", "records",
        "log_status", "action", "error_count", "errors", "error_samples", "failure",
    ];

    private readonly FlowLogBucket _bucket = new();

    public void Dispose() => _bucket.Dispose();

    [Fact]
    public async Task Invoke_JsonOverBucket_DocumentedKeysAndExactCounts()
    {
        CliResult result = await CliProcess.RunAsync(_bucket.Root, "inspect", "--json", _bucket.Logs);

        // The corrupt object makes inspect exit 3, like run.
        Assert.True(result.ExitCode == ExitCodes.Rejected, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        Assert.Equal(["files", "total"], root.EnumerateObject().Select(p => p.Name));
        JsonElement[] files = [.. root.GetProperty("files").EnumerateArray()];
        Assert.Equal(_bucket.Objects, files.Select(f => f.GetProperty("path").GetString()));
        foreach (JsonElement file in files)
        {
            string[] keys = [.. file.EnumerateObject().Select(p => p.Name)];
            Assert.All(FileKeys, key => Assert.Contains(key, keys));
        }

        JsonElement good = files[0];
        Assert.Equal("gzip", good.GetProperty("compression").GetString());
        Assert.Equal("vpc-flow-log", good.GetProperty("kind").GetString());
        Assert.Equal(FlowLogBucket.Header.Split(' '), good.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal((7L, 1L, 0L, 6L), (good.GetProperty("lines").GetInt64(), good.GetProperty("header_lines").GetInt64(),
            good.GetProperty("blank_lines").GetInt64(), good.GetProperty("records").GetInt64()));
        Assert.Equal("""{"OK":5,"NODATA":1,"SKIPDATA":0}""", Compact(good.GetProperty("log_status")));
        Assert.Equal("""{"ACCEPT":4,"REJECT":1,"null":1}""", Compact(good.GetProperty("action")));
        Assert.Equal(JsonValueKind.Null, good.GetProperty("failure").ValueKind);

        Assert.StartsWith("corrupt gzip: ", files[1].GetProperty("failure").GetString(), StringComparison.Ordinal);

        JsonElement bad = files[2];
        Assert.Equal((8L, 3L, 4L), (bad.GetProperty("lines").GetInt64(), bad.GetProperty("records").GetInt64(), bad.GetProperty("error_count").GetInt64()));
        Assert.Equal("""{"bad address in srcaddr":1,"bad number in bytes":1,"too few fields":2}""", Compact(bad.GetProperty("errors")));
        Assert.Equal(
            [
                (3L, "too few fields", FlowLogBucket.BadTooFew1),
                (5L, "bad number in bytes", FlowLogBucket.BadBytes),
                (7L, "bad address in srcaddr", FlowLogBucket.BadAddress),
                (8L, "too few fields", FlowLogBucket.BadTooFew2),
            ],
            bad.GetProperty("error_samples").EnumerateArray().Select(s => (s.GetProperty("line").GetInt64(), s.GetProperty("reason").GetString(), s.GetProperty("excerpt").GetString())));

        JsonElement empty = files[3];
        Assert.Equal((0L, 0L, 0L), (empty.GetProperty("lines").GetInt64(), empty.GetProperty("records").GetInt64(), empty.GetProperty("error_count").GetInt64()));

        JsonElement total = root.GetProperty("total");
        Assert.Equal(4, total.GetProperty("files").GetInt64());
        Assert.Equal(1, total.GetProperty("failed_files").GetInt64());
        Assert.Equal(files.Sum(f => f.GetProperty("lines").GetInt64()), total.GetProperty("lines").GetInt64());
        Assert.Equal(files.Sum(f => f.GetProperty("records").GetInt64()), total.GetProperty("records").GetInt64());
        // Inspect shows what the corrupt object decoded to before failing, garbage lines included.
        Assert.Equal(files.Sum(f => f.GetProperty("error_count").GetInt64()), total.GetProperty("error_count").GetInt64());
        Assert.Equal(
            files.Sum(f => f.GetProperty("error_count").GetInt64()),
            total.GetProperty("errors").EnumerateObject().Sum(p => p.Value.GetInt64()));
    }

    [Fact]
    public async Task Invoke_MissingPath_ExitsOneWithMessage()
    {
        string missing = Path.Combine(_bucket.Root, "nothing-here");

        CliResult result = await CliProcess.RunAsync(_bucket.Root, "inspect", "--json", missing);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal($"flowanalytics inspect: No such file or directory: {missing}", result.Error.Trim());
        Assert.Equal("", result.Output);
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
