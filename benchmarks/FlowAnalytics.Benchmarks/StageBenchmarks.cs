using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Attribution;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Benchmarks;

/// <summary>
/// The stages after the reader, each alone over records already typed in memory (the generator's
/// records and its inventory): attribution, aggregation (attribution included, both tables) and
/// writing the two tables to Parquet. Times are per record (OperationsPerInvoke), so "Mean" is
/// ns/record and "Allocated" is bytes/record.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class StageBenchmarks
{
    private static readonly DateTimeOffset Arrival = SampleBucketOptions.DefaultStart.AddMinutes(10);

    private readonly List<FlowRecordBatch> _batches = [];
    private EndpointAttributor _attributor = null!;
    private WindowAggregator _aggregated = null!;

    [Params(SampleRecordFormat.Default, SampleRecordFormat.V5)]
    public SampleRecordFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string directory = Path.Combine(Path.GetTempPath(), "flowanalytics-bench-inventory-" + Environment.ProcessId);
        IReadOnlyList<string> files = SampleInventoryWriter.Write(
            SampleScenario.Create(BenchmarkInputs.Seed), directory, SampleBucketOptions.DefaultStart.UtcDateTime);
        _attributor = new EndpointAttributor(EndpointInventory.Load(files));
        Directory.Delete(directory, recursive: true);

        var options = new FlowLogReaderOptions { Fields = WindowAggregator.RequiredFields };
        var reader = new FlowLogReader(PipeReader.Create(new ReadOnlySequence<byte>(BenchmarkInputs.Text(Format))), options);
        while (true)
        {
            var batch = new FlowRecordBatch();
            if (!reader.ReadBatchAsync(batch).GetAwaiter().GetResult())
            {
                break;
            }

            _batches.Add(batch);
        }

        _aggregated = Aggregate();
    }

    /// <summary>Endpoint attribution alone: ENI lookup, ownership, client subnet.</summary>
    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Records)]
    public int Attribute()
    {
        EndpointInventory inventory = _attributor.Inventory;
        int attributed = 0;
        foreach (FlowRecordBatch batch in _batches)
        {
            ReadOnlySpan<ulong> presence = batch.Presence;
            ReadOnlySpan<ResourceId> interfaces = batch.ResourceIds(FlowField.InterfaceId);
            ReadOnlySpan<FlowAddress> sources = batch.Addresses(FlowField.SrcAddr);
            ReadOnlySpan<FlowAddress> destinations = batch.Addresses(FlowField.DstAddr);
            ReadOnlySpan<byte> directions = batch.Words(FlowField.FlowDirection);
            for (int i = 0; i < presence.Length; i++)
            {
                int index = inventory.TryFindInterface(interfaces[i], out int found) ? found : -1;
                if (_attributor.TryAttribute(index, presence[i], sources[i], destinations[i], (FlowDirection)directions[i], out _))
                {
                    attributed++;
                }
            }
        }

        return attributed;
    }

    /// <summary>What a worker does per batch: attribution and both tables' metrics and sketches.</summary>
    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Records)]
    public long AggregateRecords() => Aggregate().Records;

    /// <summary>Building both tables from the aggregated keys and writing them as Parquet, in memory.</summary>
    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Records)]
    public long WriteTables()
    {
        long bytes = 0;
        foreach (SummaryTable table in new[] { TrafficTables.BuildEndpointTraffic(_aggregated), TrafficTables.BuildEniTraffic(_aggregated) })
        {
            using var output = new MemoryStream();
            SummaryParquetWriter.WriteAsync(table, output).GetAwaiter().GetResult();
            bytes += output.Length;
        }

        return bytes;
    }

    private WindowAggregator Aggregate()
    {
        var aggregator = new WindowAggregator(_attributor, TimeSpan.FromMinutes(5));
        foreach (FlowRecordBatch batch in _batches)
        {
            aggregator.Add(batch, Arrival.ToUnixTimeSeconds());
        }

        return aggregator;
    }
}
