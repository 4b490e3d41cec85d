using FlowAnalytics.Sources;

namespace FlowAnalytics.Tests.Support;

/// <summary>
/// Makes sure the machine has ISA-L for the tests of the ISA-L inflate: installs Debian's libisal2
/// with <c>tests/native/install-isal.sh</c> when it is missing, as the report tests install chromium.
/// </summary>
internal static class IsalInstall
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (IsalLibrary.Reprobe())
            {
                return;
            }

            string folder = Path.Combine(RepositoryPaths.Root, "tests", "native");
            (int exit, string output, string error) = await ScriptProcess.RunAsync(folder, TimeSpan.FromMinutes(10), "bash", "install-isal.sh");
            Assert.True(exit == 0, $"install-isal.sh exited {exit} (it needs root or sudo and apt): {error}{output}");
            Assert.True(IsalLibrary.Reprobe(), $"{IsalLibrary.Name} is installed but failed the engine's self-test.");
        }
        finally
        {
            Gate.Release();
        }
    }
}
