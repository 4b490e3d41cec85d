using BenchmarkDotNet.Running;
using FlowAnalytics.Benchmarks.EndToEnd;
using FlowAnalytics.Benchmarks.Loop;

namespace FlowAnalytics.Benchmarks;

/// <summary>
/// One console for every benchmark: BenchmarkDotNet kernels (pick with --filter), the
/// end-to-end comparison (<c>e2e</c>, see <see cref="EndToEndHarness"/>), or the job's
/// per-object loop for A/B runs (<c>loop</c>, see <see cref="ObjectLoop"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == EndToEndHarness.Command)
        {
            return await EndToEndHarness.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == EndToEndContender.Command)
        {
            return await EndToEndContender.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == ObjectLoop.Command)
        {
            return ObjectLoop.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
