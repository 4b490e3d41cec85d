using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace FlowAnalytics.Tests.Support;

/// <summary>
/// A node package folder under <c>tests/</c> (s3rver, the browser driver): makes sure its
/// <c>node_modules</c> holds what the tests run, running <c>npm ci</c> from the committed lockfile when
/// it does not. An exclusive lock file serialises test processes on one machine, so two of them
/// never run npm ci over each other in the same folder.
/// </summary>
/// <param name="folder">The folder under <c>tests/</c>.</param>
/// <param name="marker">A file, relative to the folder, that exists once the install is complete.</param>
internal sealed class NpmPackage(string folder, string marker)
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>s3rver (<c>tests/s3rver</c>).</summary>
    public static NpmPackage S3rver { get; } = new("s3rver", Path.Combine("node_modules", "s3rver", "bin", "s3rver.js"));

    /// <summary>playwright-core (<c>tests/browser</c>), which drives Debian's chromium.</summary>
    public static NpmPackage Browser { get; } = new("browser", Path.Combine("node_modules", "playwright-core", "package.json"));

    /// <summary>The package folder.</summary>
    public string PackageDirectory => Path.Combine(RepositoryPaths.Root, "tests", folder);

    private string Marker => Path.Combine(PackageDirectory, marker);

    /// <summary>Installs the package if needed; returns its folder.</summary>
    public async Task<string> EnsureInstalledAsync()
    {
        if (File.Exists(Marker))
        {
            return PackageDirectory;
        }

        using FileStream lockFile = await AcquireLockAsync();
        // Another process may have installed it while this one waited for the lock.
        if (!File.Exists(Marker))
        {
            await RunNpmCiAsync();
        }

        return File.Exists(Marker)
            ? PackageDirectory
            : throw new InvalidOperationException($"npm ci finished, but {Marker} is missing.");
    }

    private async Task<FileStream> AcquireLockAsync()
    {
        // In the temp folder, not the package folder: npm ci deletes node_modules, and the tree stays clean.
        string name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(PackageDirectory)))[..16];
        string path = Path.Combine(Path.GetTempPath(), $"flowanalytics-npm-{name}.lock");
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

    private async Task RunNpmCiAsync()
    {
        (int exit, string output, string error) = await ScriptProcess.RunAsync(
            PackageDirectory, InstallTimeout, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        if (exit != 0)
        {
            throw new InvalidOperationException($"npm ci in {PackageDirectory} failed with exit code {exit}: {error}{output}");
        }
    }
}
