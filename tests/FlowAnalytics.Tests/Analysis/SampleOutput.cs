using FlowAnalytics.Cli;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Analysis;

/// <summary>The quick start's output for the analysis tests: <c>run</c> over the bundled samples, and <c>report</c> over that.</summary>
internal static class SampleOutput
{
    public static string Inventory => Path.Combine(RepositoryPaths.DataSamples, "inventory");

    /// <summary>Runs the main job on data-samples/ into <paramref name="output"/>; call under <see cref="ConsoleCollection"/>.</summary>
    public static async Task RunAsync(string output)
    {
        CliResult run = await CliConsole.InvokeAsync(
            "run", "--quiet", "--source", Path.Combine(RepositoryPaths.DataSamples, "AWSLogs"), "--inventory", Inventory, "--out", output);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
    }

    /// <summary>Runs the main job, then <c>report</c> with the sample inventory; returns what report printed.</summary>
    public static async Task<CliResult> RunAndReportAsync(string output)
    {
        await RunAsync(output);
        CliResult report = await CliConsole.InvokeAsync("report", "--in", output, "--inventory", Inventory);
        Assert.True(report.ExitCode == ExitCodes.Ok, report.ToString());
        return report;
    }
}
