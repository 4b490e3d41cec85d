using BenchmarkDotNet.Configs;

namespace FlowAnalytics.Benchmarks;

/// <summary>The kernels' config: BenchmarkDotNet's defaults plus an MB/s column from the input size.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn());
}
