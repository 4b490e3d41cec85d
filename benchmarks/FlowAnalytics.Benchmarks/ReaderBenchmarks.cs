using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Benchmarks;

/// <summary>
/// The record reader alone, in memory: line framing, header detection, field splitting and typing
/// into a batch. Times are per record (OperationsPerInvoke), so "Mean" is ns/record and
/// "Allocated" is bytes/record. Baseline: every field typed; the other method types only the
/// fields the main job reads (the rest of each line is still split and counted).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ReaderBenchmarks
{
    private static readonly FlowLogReaderOptions AllFields = new();
    private static readonly FlowLogReaderOptions JobFields = new() { Fields = WindowAggregator.RequiredFields };

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

    [Benchmark(Baseline = true, OperationsPerInvoke = BenchmarkInputs.Records)]
    public long EveryField() => Read(AllFields);

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Records)]
    public long JobFieldsOnly() => Read(JobFields);

    private long Read(FlowLogReaderOptions options)
    {
        var reader = new FlowLogReader(PipeReader.Create(new ReadOnlySequence<byte>(_text)), options);
        long bytes = 0;
        // Completes synchronously: the input is in memory.
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
}
