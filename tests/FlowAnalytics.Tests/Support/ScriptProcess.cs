using System.Diagnostics;

namespace FlowAnalytics.Tests.Support;

/// <summary>Runs a helper program of the tests (an install script, node) and collects what it printed.</summary>
internal static class ScriptProcess
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(string directory, TimeSpan timeout, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} took longer than {timeout}.");
        }

        return (process.ExitCode, await output, await error);
    }
}
