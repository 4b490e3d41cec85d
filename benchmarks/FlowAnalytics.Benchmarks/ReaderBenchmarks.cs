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
/// fields the main job reads (the rest of each line is still split and counted). Each invocation
/// reads 100,000 records, from text in cache or from memory (<see cref="ReaderText"/>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ReaderBenchmarks
{
    private static readonly FlowLogReaderOptions AllFields = new();
    private static readonly FlowLogReaderOptions JobFields = new() { Fields = WindowAggregator.RequiredFields };

    private ReadOnlySequence<byte> _input;
    private FlowRecordBatch _batch = new();

    /// <summary>Where the text the reader reads is.</summary>
    public enum ReaderText
    {
        /// <summary>
        /// 4,000 lines (0.46 MB default, 1 MB v5), header included, 25 times over as the segments
        /// of one input: in cache, as in the job, where the reader parses a 64 KB pipe buffer
        /// that inflate has just written.
        /// </summary>
        InCache,

        /// <summary>100,000 distinct lines (11 MB default, 24 MB v5) read once: every line is fetched from memory first.</summary>
        FromMemory,
    }

    private const int InCacheLines = 4_000;

    [Params(SampleRecordFormat.Default, SampleRecordFormat.V5)]
    public SampleRecordFormat Format { get; set; }

    [Params(ReaderText.InCache, ReaderText.FromMemory)]
    public ReaderText Text { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] text = BenchmarkInputs.Text(Format, Text == ReaderText.InCache ? InCacheLines : BenchmarkInputs.Records);
        _input = Repeated(text, BenchmarkInputs.Records / (Text == ReaderText.InCache ? InCacheLines : BenchmarkInputs.Records));
        _batch = new FlowRecordBatch();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BenchmarkInputs.Records)]
    public long EveryField() => Read(AllFields);

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Records)]
    public long JobFieldsOnly() => Read(JobFields);

    private long Read(FlowLogReaderOptions options)
    {
        var reader = new FlowLogReader(PipeReader.Create(_input), options);
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

    // One input of `times` segments that are all the same text (whole lines, header first).
    private static ReadOnlySequence<byte> Repeated(byte[] text, int times)
    {
        var first = new Segment(text, 0);
        Segment last = first;
        for (int i = 1; i < times; i++)
        {
            last = last.Append(text);
        }

        return new ReadOnlySequence<byte>(first, 0, last, text.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
