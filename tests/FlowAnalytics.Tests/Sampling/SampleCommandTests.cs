using FlowAnalytics.Cli;

namespace FlowAnalytics.Tests.Sampling;

public sealed class SampleCommandTests
{
    [Fact]
    public async Task Invoke_ValidOptions_WritesBucketAndReturnsZero()
    {
        using var directory = new SampleTempDirectory();

        int exitCode = await Program.BuildRoot().Parse(["sample", "--out", directory.Path, "--records", "600", "--seed", "3", "--format", "v5", "--files", "3", "--start", "2026-12-31T23:00Z", "--hours", "2"]).InvokeAsync();

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(directory.Path, "inventory")).Length);
        string[] objects = Directory.GetFiles(Path.Combine(directory.Path, "AWSLogs"), "*.log.gz", SearchOption.AllDirectories);
        Assert.Equal(3, objects.Length);
        Assert.Equal(600, objects.Sum(o => SampleTestFiles.ReadLines(o).Count - 1));
        Assert.Contains(objects, o => o.Contains("/2027/01/01/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--records", "0")]
    [InlineData("--hours", "0")]
    [InlineData("--files", "100")]
    [InlineData("--start", "yesterday")]
    [InlineData("--format", "v9")]
    public async Task Invoke_BadOption_ReturnsOneAndWritesNothing(string option, string value)
    {
        using var directory = new SampleTempDirectory();
        string output = Path.Combine(directory.Path, "out");

        int exitCode = await Program.BuildRoot().Parse(["sample", "--out", output, option, value]).InvokeAsync();

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.False(Directory.Exists(output));
    }
}
