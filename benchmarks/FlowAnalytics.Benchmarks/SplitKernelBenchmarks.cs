using BenchmarkDotNet.Attributes;
using FlowAnalytics.Parsing;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Benchmarks;

/// <summary>Field splitting alone, per line, for each kernel (the scalar twin is the baseline).</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class SplitKernelBenchmarks
{
    private byte[] _text = [];
    private (int Start, int Length)[] _lines = [];
    // As the reader's plan sizes it: two per field of the 29-field format plus 64 of slack, which
    // the 64-byte kernel needs to store boundaries 16 at a time.
    private readonly int[] _bounds = new int[(2 * 29) + 64];

    [Params(SampleRecordFormat.Default, SampleRecordFormat.V5)]
    public SampleRecordFormat Format { get; set; }

    [Params(SplitKernel.Scalar, SplitKernel.Vector128, SplitKernel.Vector256, SplitKernel.Vector512)]
    public SplitKernel Kernel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchmarkInputs.Text(Format);
        var lines = new List<(int, int)>();
        for (int at = 0; at < _text.Length;)
        {
            int length = Array.IndexOf(_text, (byte)'\n', at) - at;
            lines.Add((at, length));
            at += length + 1;
        }

        _lines = [.. lines.Take(BenchmarkInputs.Records)];
    }

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Records)]
    public long Split()
    {
        long fields = 0;
        foreach ((int start, int length) in _lines)
        {
            fields += FieldSplitter.Split(_text.AsSpan(start, length), _bounds, Kernel, out _);
        }

        return fields;
    }
}
