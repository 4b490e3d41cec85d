using System.Text.Json;
using FlowAnalytics.Cli;
using FlowAnalytics.Parquet;
using FlowAnalytics.Tests.Pipeline;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Cli;

/// <summary><c>flowanalytics run</c> in-process: exit codes and the messages a user sees.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private readonly FlowLogBucket _bucket = new();

    private string Out => Path.Combine(_bucket.Root, "out");

    public void Dispose() => _bucket.Dispose();

    [Fact]
    public async Task Invoke_MissingSourcePath_ExitsOneWithMessageAndWritesNothing()
    {
        string missing = Path.Combine(_bucket.Root, "no-such-dir");

        CliResult result = await RunAsync("--source", missing);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal($"flowanalytics run: No such file or directory: {missing}", result.Error.Trim());
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Invoke_OneOfTwoSourcesMissing_ExitsOneWithMessage()
    {
        string missing = Path.Combine(_bucket.Root, "gone.log.gz");

        CliResult result = await RunAsync("--source", _bucket.Good, "--source", missing);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal($"flowanalytics run: No such file or directory: {missing}", result.Error.Trim());
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Invoke_MissingInventoryPath_ExitsOneWithMessage()
    {
        string missing = Path.Combine(_bucket.Root, "no-inventory.json");

        CliResult result = await CliConsole.InvokeAsync("run", "--quiet", "--source", _bucket.Good, "--inventory", missing, "--out", Out);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal($"flowanalytics run: No such inventory file or directory: {missing}", result.Error.Trim());
        Assert.False(Directory.Exists(Out));
    }

    [Theory]
    [InlineData("{ \"NetworkInterfaces\": [ ", "bad.json")]
    [InlineData("{ \"Subnets\": [ { \"SubnetId\": \"subnet-0a1\", \"CidrBlock\": \"10.0.0.0/33\" } ] }", "bad.json")]
    [InlineData("{ \"Reservations\": [] }", "bad.json")]
    public async Task Invoke_MalformedInventory_ExitsOneNamingTheFile(string json, string name)
    {
        string inventory = Path.Combine(_bucket.Root, name);
        File.WriteAllText(inventory, json);

        CliResult result = await CliConsole.InvokeAsync(
            "run", "--quiet", "--source", _bucket.Good, "--inventory", _bucket.InventoryFiles[0], "--inventory", inventory, "--out", Out);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("flowanalytics run: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(name, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(Out));
    }

    [Theory]
    [InlineData("--window", "5x", "'5x' has an unknown unit 'x': use s, m, h or d.")]
    [InlineData("--window", "0s", "'0s' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("--window", "99999999999999d", "'99999999999999d' is too long for a duration.")]
    [InlineData("--format", "version account-id version", "The format names a field twice.")]
    [InlineData("--format", "${version} ${account-id", "Bad field '${account-id' in format: expected ${field-name}.")]
    [InlineData("--from", "yesterday", "'yesterday' is not a date (2026-11-01) or an ISO 8601 time (2026-11-01T06:00Z).")]
    [InlineData("--to", "2026-02-30", "'2026-02-30' is not a date (2026-11-01) or an ISO 8601 time (2026-11-01T06:00Z).")]
    [InlineData("--max-errors", "lots", "--max-errors 'lots' is neither a count (100), a fraction (0.005) nor a percentage (0.5%).")]
    [InlineData("--workers", "0", "--workers must be at least 1.")]
    public async Task Invoke_BadOptionValue_ExitsOneWithMessageAndWritesNothing(string option, string value, string message)
    {
        CliResult result = await RunAsync("--source", _bucket.Good, option, value);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal($"flowanalytics run: {message}", result.Error.Trim());
        Assert.Equal("", result.Output);
        Assert.False(Directory.Exists(Out));
    }

    [Theory]
    [InlineData("--arrival-time", "s3", "'s3'")]
    [InlineData("--workers", "many", "'many'")]
    [InlineData("--inflate", "igzip", "'igzip'")]
    [InlineData("--no-such-option", "1", "'--no-such-option'")]
    public async Task Invoke_OptionRejectedByParser_ExitsOneNamingTheValue(string option, string value, string named)
    {
        // Before --source: that option takes several values per token, so it would swallow a typo as a path.
        CliResult result = await RunAsync(option, value, "--source", _bucket.Good);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Invoke_CorruptObject_ExitsThreeAndWritesEverything()
    {
        CliResult result = await RunAsync("--source", _bucket.Logs);

        Assert.True(result.ExitCode == ExitCodes.Rejected, result.ToString());
        Assert.Contains("failed objects: 2", result.Output, StringComparison.Ordinal);
        string manifestPath = Assert.Single(Directory.GetFiles(Path.Combine(Out, "_manifest"), "*.json"));
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        JsonElement totals = manifest.RootElement.GetProperty("totals");
        Assert.Equal((4L, 2L, 9L, 4L), (totals.GetProperty("objects").GetInt64(), totals.GetProperty("failed_objects").GetInt64(),
            totals.GetProperty("records").GetInt64(), totals.GetProperty("rejected_lines").GetInt64()));
        var errors = await SummaryParquetReader.ReadTableAsync(Path.Combine(Out, "errors"));
        Assert.Equal(6, errors.RowCount);
        Assert.Equal(_bucket.Corrupt, errors["object_key"].StringValues![0]);
        Assert.Null(errors["line_number"].Int64Values![0]);
        Assert.StartsWith("corrupt gzip: ", errors["reason"].StringValues![0], StringComparison.Ordinal);
        var endpoints = await SummaryParquetReader.ReadTableAsync(Path.Combine(Out, "endpoint_traffic"));
        Assert.Equal(9, endpoints["records"].Int64Values!.Sum());
    }

    [Fact]
    public async Task Invoke_OutIsAFile_ExitsTwoWithMessage()
    {
        string file = Path.Combine(_bucket.Root, "not-a-directory");
        File.WriteAllText(file, "");

        CliResult result = await CliConsole.InvokeAsync(
            "run", "--quiet", "--inventory", Path.GetDirectoryName(_bucket.InventoryFiles[0])!, "--source", _bucket.Good, "--out", file);

        Assert.True(result.ExitCode == ExitCodes.Fatal, result.ToString());
        Assert.StartsWith($"flowanalytics run: cannot write output under {file}: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal("", File.ReadAllText(file));
    }

    [Fact]
    public async Task Invoke_CleanInput_ExitsZero()
    {
        CliResult result = await RunAsync("--source", _bucket.Good);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("", result.Error);
        Assert.Contains("rejected lines: 0; failed objects: 0", result.Output, StringComparison.Ordinal);
    }

    // Good + bad-lines objects: 15 lines, 4 rejected (26.7%).
    [Theory]
    [InlineData(null, ExitCodes.Ok)]
    [InlineData("4", ExitCodes.Ok)]
    [InlineData("3", ExitCodes.Rejected)]
    [InlineData("0", ExitCodes.Rejected)]
    [InlineData("27%", ExitCodes.Ok)]
    [InlineData("26%", ExitCodes.Rejected)]
    [InlineData("0.27", ExitCodes.Ok)]
    [InlineData("0.26", ExitCodes.Rejected)]
    public async Task Invoke_MaxErrors_ExitsThreeOnlyWhenRejectedLinesExceedIt(string? limit, int expected)
    {
        string[] args = limit is null
            ? ["--source", _bucket.Good, "--source", _bucket.BadLines]
            : ["--source", _bucket.Good, "--source", _bucket.BadLines, "--max-errors", limit];

        CliResult result = await RunAsync(args);

        Assert.True(result.ExitCode == expected, result.ToString());
        Assert.Equal(
            expected == ExitCodes.Rejected ? $"flowanalytics run: 4 rejected lines exceed --max-errors {limit}." : "",
            result.Error.Trim());
        Assert.Single(Directory.GetFiles(Path.Combine(Out, "_manifest"), "*.json"));
    }

    [Fact]
    public async Task Invoke_WindowAndFromTo_RecordedInManifest()
    {
        CliResult result = await RunAsync("--source", _bucket.Good, "--window", "1h", "--from", "2027-01-15", "--to", "2027-01-15T08:00:30Z");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(Out, "_manifest")))));
        JsonElement options = manifest.RootElement.GetProperty("options");
        Assert.Equal(3600, options.GetProperty("window_seconds").GetInt64());
        Assert.Equal("2027-01-15T00:00:00Z", options.GetProperty("from").GetString());
        Assert.Equal("2027-01-15T08:00:30Z", options.GetProperty("to").GetString());
        // Starts W, W+10, W+20 are before 08:00:30; W+30, W+40, W+50 are not.
        Assert.Equal(3, manifest.RootElement.GetProperty("totals").GetProperty("records").GetInt64());
        Assert.Equal(3, manifest.RootElement.GetProperty("inputs")[0].GetProperty("filtered_records").GetInt64());
    }

    [Theory]
    [InlineData("isal", "isal")]
    [InlineData("zlib", "zlib")]
    [InlineData("auto", "isal")]
    public async Task Invoke_Inflate_SameCountsAndTheInflaterInTheManifest(string inflate, string used)
    {
        await IsalInstall.EnsureAsync();

        CliResult result = await RunAsync("--source", _bucket.Good, "--inflate", inflate);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(Out, "_manifest")))));
        Assert.Equal(used, manifest.RootElement.GetProperty("options").GetProperty("inflate").GetString());
        Assert.Equal(6, manifest.RootElement.GetProperty("totals").GetProperty("records").GetInt64());
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        CliConsole.InvokeAsync(["run", "--quiet", "--inventory", Path.GetDirectoryName(_bucket.InventoryFiles[0])!, "--out", Out, .. args]);
}
