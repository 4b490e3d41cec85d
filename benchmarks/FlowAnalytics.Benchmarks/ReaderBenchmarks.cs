using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Benchmarks;

/// <summary>
/// The record reader alone, in memory: header detection, line framing, field splitting and typing
/// of every field into a batch. Times are per record (OperationsPerInvoke), so "Mean" is ns/record
/// and "Allocated" is bytes/record. The scalar split kernel is the baseline job.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ReaderBenchmarks
{
    private byte[] _text = [];
    private FlowRecordBatch _batch = new();

    [Params(SampleRecordFormat.Default, SampleRecordFormat.V5)]
    public SampleRecordFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchmarkInputs.Text(Format);
        _batch = new FlowRecordBatch();
    }

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Records)]
    public long Read()
    {
        var reader = new FlowLogReader(PipeReader.Create(new ReadOnlySequence<byte>(_text)));
        long bytes = 0;
        // Completed synchronously: the input is in memory.
        while (reader.ReadBatchAsync(_batch).GetAwaiter().GetResult())
        {
            foreach (long b in _batch.Integers(FlowField.Bytes))
            {
                bytes += b;
            }
        }

        if (reader.Records != BenchmarkInputs.Records)
        {
            throw new InvalidOperationException($"read {reader.Records} records, expected {BenchmarkInputs.Records}");
        }

        return bytes;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new ThroughputColumn());
            AddJob(Job.Default.WithId("scalar-split").WithEnvironmentVariable(SplitKernels.EnvironmentVariable, "scalar").AsBaseline());
            AddJob(Job.Default.WithId("vector-split"));
        }
    }
}
