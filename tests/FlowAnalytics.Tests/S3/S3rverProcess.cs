using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlowAnalytics.Tests.S3;

/// <summary>
/// One s3rver 3.7.1 server (node) on 127.0.0.1, storing under a directory of the caller's: started,
/// waited for until it answers HTTP, and stopped by killing the process and waiting for its exit,
/// so the port can be reused at once (see TESTING.md).
/// </summary>
internal sealed class S3rverProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private bool _disposed;

    private S3rverProcess(Process process, int port, string dataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>A port nothing listens on right now (the OS's choice, so parallel test processes do not collide).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a server on <paramref name="port"/> over <paramref name="dataDirectory"/> and waits until it answers.</summary>
    public static async Task<S3rverProcess> StartAsync(string packageDirectory, string dataDirectory, int port)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = packageDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --openssl-legacy-provider: without it node 20 fails every continuation-token page with HTTP 500.
        foreach (string arg in (string[])["--openssl-legacy-provider", Path.Combine("node_modules", "s3rver", "bin", "s3rver.js"),
            "-d", dataDirectory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var server = new S3rverProcess(process, port, dataDirectory);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (server._stderr)
            {
                server._stderr.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server and waits until it has exited.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with code {_process.ExitCode} before answering on port {Port}: {Stderr()}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(Endpoint + "/");
                return; // Any HTTP answer means the server is listening.
            }
            catch (HttpRequestException) when (clock.Elapsed < ReadyTimeout)
            {
            }
            catch (TaskCanceledException) when (clock.Elapsed < ReadyTimeout)
            {
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new TimeoutException($"s3rver did not answer GET {Endpoint}/ within {ReadyTimeout.TotalSeconds} s; stderr: {Stderr()}", e);
            }

            await Task.Delay(50);
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.Length == 0 ? "(empty)" : _stderr.ToString().Trim();
        }
    }
}
