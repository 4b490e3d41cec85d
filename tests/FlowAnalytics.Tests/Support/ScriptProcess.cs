using System.Diagnostics;

namespace FlowAnalytics.Tests.Support;

/// <summary>Runs a helper program of the tests (an install script, npm, node, the CLI) and collects what it printed.</summary>
internal static class ScriptProcess
{
    public static Task<(int Exit, string Output, string Error)> RunAsync(string directory, TimeSpan timeout, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return RunAsync(start, timeout);
    }

    /// <summary>Runs <paramref name="start"/> (its output is redirected here), killing it and its children after <paramref name="timeout"/>.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
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
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} took longer than {timeout}.");
        }

        return (process.ExitCode, await output, await error);
    }
}
