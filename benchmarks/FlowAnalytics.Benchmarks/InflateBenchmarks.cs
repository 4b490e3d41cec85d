using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Benchmarks;

/// <summary>
/// Inflate alone, the job's first stage: one gzip object of 100,000 generated records (compressed
/// at .NET's Optimal level, as gzip's default) read through each inflater into buffers of the
/// job's pipe segment size. Times are per record, so "Mean" is ns/record.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class InflateBenchmarks
{
    private readonly byte[] _buffer = new byte[FlowLogDecoder.BufferSize];
    private byte[] _gzip = [];

    [Params(SampleRecordFormat.Default, SampleRecordFormat.V5)]
    public SampleRecordFormat Format { get; set; }

    [Params(GzipInflater.Zlib, GzipInflater.Isal)]
    public GzipInflater Inflater { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Inflater == GzipInflater.Isal && !IsalLibrary.IsAvailable)
        {
            throw new InvalidOperationException($"{IsalLibrary.Name} is missing: apt-get install libisal2.");
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(BenchmarkInputs.Text(Format));
        }

        _gzip = compressed.ToArray();
    }

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Records)]
    public long Inflate()
    {
        var input = new MemoryStream(_gzip, writable: false);
        using Stream text = Inflater == GzipInflater.Isal ? new IsalGzipStream(input) : new CompleteGzipStream(input);
        long total = 0;
        int read;
        while ((read = text.Read(_buffer, 0, _buffer.Length)) > 0)
        {
            total += read;
        }

        return total;
    }
}
