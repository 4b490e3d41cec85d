using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace FlowAnalytics.Benchmarks;

/// <summary>
/// The kernels' config: BenchmarkDotNet's defaults plus an MB/s column from the input size, run
/// under the CLI's JIT settings.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(new ThroughputColumn());
        // This VM has phases, some a whole process long, in which everything runs 10-50% slower:
        // the minimum and median show a slow phase that the mean alone hides.
        AddColumn(StatisticColumn.Min, StatisticColumn.Median);

        // BenchmarkDotNet's generated runner does not inherit this project's TieredPGO and
        // QuickJitForLoops settings. With the runtime's defaults the kernels were measured under
        // dynamic PGO, which the CLI turns off, and its choices moved one benchmark from 62 to 93 ns
        // between two processes of the same build.
        AddJob(Job.Default.WithEnvironmentVariables(
            new EnvironmentVariable("DOTNET_TieredPGO", "0"),
            new EnvironmentVariable("DOTNET_TC_QuickJitForLoops", "0")));
    }
}
