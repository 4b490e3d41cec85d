using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.Aggregation;

public sealed class SummaryRowMergerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly SampleBucketSummary _sample;
    private readonly EndpointInventory _inventory;

    public SummaryRowMergerTests()
    {
        _sample = SampleBucketGenerator.Generate(new SampleBucketOptions { OutputDirectory = _temp.Path, Records = 12_000, Seed = 41, Files = 9 });
        _inventory = EndpointInventory.Load(_sample.InventoryFiles);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Merge_TablesOfDisjointObjectSets_EqualsTheTableOfAllObjects()
    {
        // Objects interleaved over three runs, so most keys (window, ENI, AZ) occur in every part.
        RunResult all = await RunAsync(_sample.Objects);
        RunResult[] parts = await Task.WhenAll(Enumerable.Range(0, 3).Select(p => RunAsync(_sample.Objects.Where((_, i) => i % 3 == p))));

        SummaryTable endpoint = SummaryRowMerger.Merge([.. parts.Select(p => TrafficTables.BuildEndpointTraffic(p.Aggregation))]);
        SummaryTable eni = SummaryRowMerger.Merge([.. parts.Select(p => TrafficTables.BuildEniTraffic(p.Aggregation))]);

        Assert.True(endpoint.RowCount < parts.Sum(p => TrafficTables.BuildEndpointTraffic(p.Aggregation).RowCount), "the parts should share keys");
        SummaryTableAssert.Equal(SummaryRowMerger.Merge([TrafficTables.BuildEndpointTraffic(all.Aggregation)]), endpoint);
        SummaryTableAssert.Equal(SummaryRowMerger.Merge([TrafficTables.BuildEniTraffic(all.Aggregation)]), eni);
    }

    [Fact]
    public async Task Merge_OneTable_SameRowsInKeyOrder()
    {
        SummaryTable table = TrafficTables.BuildEndpointTraffic((await RunAsync(_sample.Objects)).Aggregation);

        SummaryTable merged = SummaryRowMerger.Merge([table]);

        Assert.Equal(table.RowCount, merged.RowCount);
        Assert.Equal(table["records"].Int64Values!.Sum(), merged["records"].Int64Values!.Sum());
        long?[] windows = merged["window_start"].Int64Values!;
        Assert.Equal(windows.Order(), windows);
        SummaryTableAssert.Equal(merged, SummaryRowMerger.Merge([merged]));
    }

    [Fact]
    public async Task Merge_SameTableTwice_DoublesCountsButNotDistinctClientsOrQuantiles()
    {
        SummaryTable table = SummaryRowMerger.Merge([TrafficTables.BuildEndpointTraffic((await RunAsync(_sample.Objects)).Aggregation)]);

        SummaryTable twice = SummaryRowMerger.Merge([table, table]);

        Assert.Equal(table.RowCount, twice.RowCount);
        for (int row = 0; row < table.RowCount; row++)
        {
            Assert.Equal(2 * table["bytes"].Int64Values![row], twice["bytes"].Int64Values![row]);
            Assert.Equal(table["distinct_clients"].Int64Values![row], twice["distinct_clients"].Int64Values![row]);
            Assert.Equal(table["duration_p50_s"].Int64Values![row], twice["duration_p50_s"].Int64Values![row]);
            Assert.Equal(table["first_start"].Int64Values![row], twice["first_start"].Int64Values![row]);
        }
    }

    [Fact]
    public async Task Merge_TablesOfDifferentSchemas_Throws()
    {
        RunResult run = await RunAsync(_sample.Objects);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() =>
            SummaryRowMerger.Merge([TrafficTables.BuildEndpointTraffic(run.Aggregation), TrafficTables.BuildEniTraffic(run.Aggregation)]));
        Assert.Contains("their columns differ", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => SummaryRowMerger.Merge([RunTables.BuildErrors(run)]));
    }

    private Task<RunResult> RunAsync(IEnumerable<SampleObject> objects) =>
        FlowLogJob.RunAsync(new LocalFileSource([.. objects.Select(o => o.Path)]), _inventory, new RunOptions { RunId = "20261103T000000Z-00000a", Workers = 1 });
}
