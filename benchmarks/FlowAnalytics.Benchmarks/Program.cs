using BenchmarkDotNet.Running;

namespace FlowAnalytics.Benchmarks;

/// <summary>One BenchmarkDotNet console for every kernel benchmark (pick with --filter).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
