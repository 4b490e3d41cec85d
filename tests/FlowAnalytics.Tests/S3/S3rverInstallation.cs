using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.S3;

/// <summary>
/// Makes sure <c>tests/s3rver/node_modules</c> holds s3rver, running <c>npm ci</c> from the committed
/// lockfile when it does not. An exclusive lock file serialises test processes on one machine, so
/// two of them never run npm ci over each other in the same folder.
/// </summary>
internal static class S3rverInstallation
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The package folder (<c>tests/s3rver</c>).</summary>
    public static string PackageDirectory => Path.Combine(RepositoryPaths.Root, "tests", "s3rver");

    private static string ServerScript => Path.Combine(PackageDirectory, "node_modules", "s3rver", "bin", "s3rver.js");

    /// <summary>Installs s3rver if needed; returns the package folder.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        if (File.Exists(ServerScript))
        {
            return PackageDirectory;
        }

        using FileStream lockFile = await AcquireLockAsync();
        // Another process may have installed it while this one waited for the lock.
        if (!File.Exists(ServerScript))
        {
            await RunNpmCiAsync();
        }

        return File.Exists(ServerScript)
            ? PackageDirectory
            : throw new InvalidOperationException($"npm ci finished, but {ServerScript} is missing.");
    }

    private static async Task<FileStream> AcquireLockAsync()
    {
        // In the temp folder, not the package folder: npm ci deletes node_modules, and the tree stays clean.
        string name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(PackageDirectory)))[..16];
        string path = Path.Combine(Path.GetTempPath(), $"flowanalytics-s3rver-npm-{name}.lock");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive lock that other processes see.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < InstallTimeout)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task RunNpmCiAsync()
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = PackageDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(InstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci in {PackageDirectory} took longer than {InstallTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"npm ci in {PackageDirectory} failed with exit code {process.ExitCode}: {await error}{await output}");
        }
    }
}
