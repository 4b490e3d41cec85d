using System.Diagnostics;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Cli;

/// <summary>
/// Runs the built CLI (FlowAnalytics.Cli.dll, copied next to the test assembly) as a child process:
/// its own console and working directory, exactly as a user runs it, and safe beside other tests.
/// </summary>
internal static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "FlowAnalytics.Cli.dll");

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI with extra environment variables (e.g. credentials for a local S3 server).</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = workingDirectory };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(CliAssembly);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        (int exit, string output, string error) = await ScriptProcess.RunAsync(start, Timeout);
        return new CliResult(exit, output, error);
    }

    // The SDK tells test hosts which dotnet runs them; fall back to the one on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
