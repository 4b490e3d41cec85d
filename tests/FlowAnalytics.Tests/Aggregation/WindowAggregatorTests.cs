using System.Globalization;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Attribution;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Attribution;
using FlowAnalytics.Tests.Parquet;
using FlowAnalytics.Tests.Support;
using static FlowAnalytics.Tests.Aggregation.AggregationInput;

namespace FlowAnalytics.Tests.Aggregation;

/// <summary>
/// The aggregator fed through the real reader: window flooring, every metric of DESIGN §10 for one
/// key, the split into endpoint_traffic rows, filters, merging, Transit Gateway and unknown ENIs.
/// </summary>
public sealed class WindowAggregatorTests
{
    // 2027-01-15T08:00:00Z: a multiple of 3600, so also of 300 and 60.
    private const long W = 1_800_000_000;
    private const string E = AttributionInventory.EndpointEni;
    private const string C = AttributionInventory.ClientEni;
    private const string Ep = AttributionInventory.EndpointIPv4;
    private const string Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags flow-direction";

    private static readonly EndpointInventory Inventory = AttributionInventory.Load();

    [Theory]
    [InlineData(60, 0, 0)]
    [InlineData(60, 59, 0)]
    [InlineData(60, 60, 60)]
    [InlineData(60, 61, 60)]
    [InlineData(60, -1, -60)]
    [InlineData(60, -60, -60)]
    [InlineData(60, -61, -120)]
    [InlineData(300, W, W)]
    [InlineData(300, W + 1, W)]
    [InlineData(300, W + 299, W)]
    [InlineData(300, W + 300, W + 300)]
    [InlineData(300, W - 1, W - 300)]
    [InlineData(300, -300, -300)]
    [InlineData(300, -301, -600)]
    [InlineData(3600, W, W)]
    [InlineData(3600, W - 1, W - 3600)]
    [InlineData(3600, W + 3599, W)]
    [InlineData(3600, W + 3600, W + 3600)]
    [InlineData(3600, -1, -3600)]
    [InlineData(90, 179, 90)]
    public void WindowOf_Start_FlooredToWindow(int windowSeconds, long start, long expected)
    {
        var aggregator = new WindowAggregator(new EndpointAttributor(Inventory), TimeSpan.FromSeconds(windowSeconds));

        Assert.Equal(expected, aggregator.WindowOf(start));
        Assert.Equal(windowSeconds, aggregator.WindowSeconds);
    }

    [Fact]
    public void Constructor_WindowBelowOneSecond_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowAggregator(new EndpointAttributor(Inventory), TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Add_StartsAroundBoundaries_EachRecordInTheWindowItsStartFallsIn()
    {
        var aggregator = NewAggregator();
        string text = Lines(
            Header,
            Record(E, "192.168.0.1", Ep, W - 1, W + 5),
            Record(E, "192.168.0.1", Ep, W, W + 1),
            Record(E, "192.168.0.1", Ep, W + 299, W + 400),
            Record(E, "192.168.0.1", Ep, W + 300, W + 301));

        await FeedAsync(aggregator, text);

        SummaryTable table = TrafficTables.BuildEndpointTraffic(aggregator);
        Assert.Equal(
            [$"{Micros(W - 300)} 1 {Micros(W - 1)}", $"{Micros(W)} 2 {Micros(W)}", $"{Micros(W + 300)} 1 {Micros(W + 300)}"],
            Rows(table, "window_start", "records", "first_start"));
    }

    [Fact]
    public async Task Add_RecordWithoutStart_WindowStartNull()
    {
        var aggregator = NewAggregator();

        await FeedAsync(aggregator, Lines(Header, $"5 111122223333 {E} 192.168.0.1 {Ep} 1 443 6 1 40 - {W + 5} ACCEPT OK - ingress"));

        SummaryTable table = TrafficTables.BuildEndpointTraffic(aggregator);
        Assert.Equal(["- 1 - - " + Micros(W + 5)], Rows(table, "window_start", "records", "duration_max_s", "first_start", "last_end"));
    }

    /// <summary>
    /// Ten records on the endpoint ENI, all with flow-direction ingress and clients outside every
    /// subnet, so they form one key of each table. Durations (end − start): 10 60 2 1 300 1 0 60 220 15.
    /// </summary>
    private static readonly string MetricsText = Lines(
        Header,
        $"5 111122223333 {E} 192.168.0.1 {Ep} 40001 443 6 10 1000 {W} {W + 10} ACCEPT OK 2 ingress",
        $"5 111122223333 {E} 192.168.0.2 {Ep} 40002 443 6 5 500 {W + 5} {W + 65} ACCEPT OK 18 ingress",
        $"5 111122223333 {E} 192.168.0.1 {Ep} 40003 443 6 3 180 {W + 10} {W + 12} REJECT OK 19 ingress",
        $"5 111122223333 {E} 192.168.0.3 {Ep} 40004 443 6 - - {W + 20} {W + 21} ACCEPT OK 27 ingress",
        $"5 111122223333 {E} 192.168.0.2 {Ep} 40005 443 6 7 700 {W + 30} {W + 330} ACCEPT OK 4 ingress",
        $"5 111122223333 {E} 192.168.0.3 {Ep} 40006 443 6 2 120 {W + 40} {W + 41} REJECT OK - ingress",
        $"5 111122223333 {E} 192.168.0.1 {Ep} 40007 443 6 1 40 {W + 50} {W + 50} ACCEPT OK 3 ingress",
        $"5 111122223333 {E} - - - - - - - {W + 60} {W + 120} - NODATA - ingress",
        $"5 111122223333 {E} - - - - - - - {W + 70} {W + 290} - SKIPDATA - ingress",
        $"5 111122223333 {E} 192.168.0.2 {Ep} 40010 443 6 4 400 {W + 80} {W + 95} ACCEPT OK 16 ingress");

    [Fact]
    public async Task Add_OneKeyWithoutArrival_EveryMetricExact()
    {
        var aggregator = NewAggregator();

        await FeedAsync(aggregator, MetricsText, arrival: null);

        Assert.Equal(10, aggregator.Records);
        Assert.Equal(10, aggregator.EndpointRecords);
        Assert.Equal(0, aggregator.FilteredRecords);
        SummaryTable endpoints = TrafficTables.BuildEndpointTraffic(aggregator);
        Assert.Equal(1, endpoints.RowCount);
        Assert.Equal(
            [
                Micros(W).ToString(CultureInfo.InvariantCulture), AttributionInventory.Account, "us-east-1", AttributionInventory.Vpc,
                AttributionInventory.EndpointId, AttributionInventory.Service, E, "us-east-1c", "use1-az3", AttributionInventory.SubnetC3,
                "-", "to_endpoint", "endpoint_eni",
            ],
            Rows(endpoints, "window_start", "account_id", "region", "vpc_id", "vpc_endpoint_id", "service_name", "eni_id", "az", "az_id",
                "subnet_id", "client_az_id", "direction", "observed_at")[0].Split(' '));
        AssertMetrics(endpoints, lag: null);

        SummaryTable enis = TrafficTables.BuildEniTraffic(aggregator);
        Assert.Equal(1, enis.RowCount);
        Assert.Equal(
            $"{Micros(W)} {AttributionInventory.Account} us-east-1 {AttributionInventory.Vpc} {E} use1-az3 ingress vpc_endpoint",
            Rows(enis, "window_start", "account_id", "region", "vpc_id", "eni_id", "az_id", "direction", "interface_type")[0]);
        AssertMetrics(enis, lag: null);
    }

    [Fact]
    public async Task Add_OneKeyWithArrival_DeliveryLagFromArrivalMinusEnd()
    {
        var aggregator = NewAggregator();

        // Lags (arrival − end): 390 335 388 379 70 359 350 280 110 305.
        await FeedAsync(aggregator, MetricsText, arrival: W + 400);

        AssertMetrics(TrafficTables.BuildEndpointTraffic(aggregator), lag: (335, 388, 390));
        AssertMetrics(TrafficTables.BuildEniTraffic(aggregator), lag: (335, 388, 390));
    }

    [Fact]
    public async Task Add_OneKey_MetricsObjectMatchesTable()
    {
        var aggregator = NewAggregator();

        await FeedAsync(aggregator, MetricsText, arrival: W + 400);

        TrafficMetrics m = Assert.Single(aggregator.EndpointTraffic).Value;
        Assert.Equal(
            (10L, 32L, 2940L, 2L, 5L, 300L, 1L, 1L, 2L, 3L, 3L, 1L),
            (m.Records, m.Packets, m.Bytes, m.RejectedRecords, m.RejectedPackets, m.RejectedBytes, m.NoDataRecords, m.SkipDataRecords,
                m.SynRecords, m.SynAckRecords, m.FinRecords, m.RstRecords));
        Assert.Equal((W, W + 330), (m.FirstStart, m.LastEnd));
        Assert.Equal((10L, 300L, 10L), (m.Duration.Count, m.Duration.Max, m.Duration.Quantile(0.5)));
        Assert.Equal((10L, 390L, 70L), (m.DeliveryLag.Count, m.DeliveryLag.Max, m.DeliveryLag.Quantile(0)));
        Assert.Equal(3, m.Clients.Estimate());
        Assert.Equal(
            new EndpointTrafficKey(W, AttributionInventory.InterfaceIndex(Inventory, E), -1, EndpointDirection.ToEndpoint, ObservedAt.EndpointEni),
            Assert.Single(aggregator.EndpointTraffic).Key);
    }

    [Theory]
    [InlineData("2", 1, 0, 0, 0)]      // SYN
    [InlineData("18", 0, 1, 0, 0)]     // SYN-ACK
    [InlineData("19", 0, 1, 1, 0)]     // SYN-ACK + FIN: a synack, never a syn
    [InlineData("27", 0, 1, 1, 0)]     // SYN-ACK + FIN + PSH
    [InlineData("3", 1, 0, 1, 0)]      // SYN + FIN
    [InlineData("16", 0, 0, 0, 0)]     // ACK alone
    [InlineData("1", 0, 0, 1, 0)]
    [InlineData("4", 0, 0, 0, 1)]
    [InlineData("6", 1, 0, 0, 1)]      // SYN + RST
    [InlineData("20", 0, 0, 0, 1)]     // RST + ACK
    [InlineData("0", 0, 0, 0, 0)]
    [InlineData("-", 0, 0, 0, 0)]      // null counts in none
    public async Task Add_TcpFlags_CountedPerDesign(string flags, long syn, long synack, long fin, long rst)
    {
        var aggregator = NewAggregator();

        await FeedAsync(aggregator, Lines(Header, $"5 111122223333 {E} 192.168.0.1 {Ep} 40001 443 6 1 40 {W} {W + 1} ACCEPT OK {flags} ingress"));

        SummaryTable table = TrafficTables.BuildEndpointTraffic(aggregator);
        Assert.Equal([$"1 {syn} {synack} {fin} {rst}"], Rows(table, "records", "syn_records", "synack_records", "fin_records", "rst_records"));
    }

    [Fact]
    public async Task Add_DefaultLayoutWithoutTcpFlags_CountsInNoFlagColumn()
    {
        var aggregator = NewAggregator();

        await FeedAsync(aggregator, $"2 111122223333 {E} 192.168.0.1 {Ep} 40001 443 6 1 40 {W} {W + 1} ACCEPT OK\n");

        SummaryTable table = TrafficTables.BuildEndpointTraffic(aggregator);
        Assert.Equal(["1 0 0 0 0"], Rows(table, "records", "syn_records", "synack_records", "fin_records", "rst_records"));
    }

    [Fact]
    public async Task Add_RecordsOfEveryKind_SplitIntoEndpointTrafficRowsInKeyOrder()
    {
        var aggregator = NewAggregator();
        string text = Lines(
            // endpoint ENI, no flow-direction: the addresses tell (DESIGN §4)
            $"2 111122223333 {E} {AttributionInventory.ClientIPv4} {Ep} 40001 443 6 4 400 {W} {W + 1} ACCEPT OK",
            $"2 111122223333 {E} {Ep} 10.1.9.9 443 40002 6 5 500 {W} {W + 1} ACCEPT OK",
            $"2 111122223333 {E} - - - - - - - {W} {W + 60} - NODATA",
            // client ENI with the endpoint as peer; and NODATA there, which is not endpoint traffic
            $"2 111122223333 {C} {AttributionInventory.ClientIPv4} {Ep} 40001 443 6 4 400 {W} {W + 1} ACCEPT OK",
            $"2 111122223333 {C} - - - - - - - {W} {W + 60} - NODATA",
            // an ENI missing from the inventory, talking to the endpoint
            $"2 111122223333 eni-0fff0000000000ff1 {Ep} 192.168.1.1 443 40003 6 6 600 {W} {W + 1} ACCEPT OK",
            // an unrelated record: nobody's endpoint
            $"2 111122223333 {C} {AttributionInventory.ClientIPv4} 10.1.2.51 40004 22 6 7 700 {W} {W + 1} ACCEPT OK");

        await FeedAsync(aggregator, text);

        Assert.Equal(7, aggregator.Records);
        Assert.Equal(5, aggregator.EndpointRecords);
        Assert.Equal(
            [
                "- - endpoint_eni 1 0 1 0",
                "- from_endpoint client_eni 1 600 0 1",
                "use1-az1 from_endpoint endpoint_eni 1 500 0 1",
                "use1-az2 to_endpoint endpoint_eni 1 400 0 1",
                "use1-az2 to_endpoint client_eni 1 400 0 1",
            ],
            Rows(TrafficTables.BuildEndpointTraffic(aggregator), "client_az_id", "direction", "observed_at", "records", "bytes", "nodata_records", "distinct_clients"));
        Assert.Equal(
            [
                $"{C} - 1 0 interface",
                $"{C} egress 2 1100 interface",
                $"{E} - 1 0 vpc_endpoint",
                $"{E} ingress 1 400 vpc_endpoint",
                $"{E} egress 1 500 vpc_endpoint",
                "eni-0fff0000000000ff1 - 1 600 -",
            ],
            Rows(TrafficTables.BuildEniTraffic(aggregator), "eni_id", "direction", "records", "bytes", "interface_type"));
    }

    [Fact]
    public async Task Add_MinStartAndEndBefore_KeepsOnlyStartsInHalfOpenRange()
    {
        var aggregator = new WindowAggregator(new EndpointAttributor(Inventory), TimeSpan.FromMinutes(5)) { MinStart = W, EndBefore = W + 600 };
        string text = Lines(
            Header,
            Record(E, "192.168.0.1", Ep, W - 1, W + 10),
            Record(E, "192.168.0.1", Ep, W, W + 10),
            Record(E, "192.168.0.1", Ep, W + 599, W + 700),
            Record(E, "192.168.0.1", Ep, W + 600, W + 601),
            $"5 111122223333 {E} 192.168.0.1 {Ep} 1 443 6 1 40 - {W + 5} ACCEPT OK - ingress");

        await FeedAsync(aggregator, text);

        Assert.Equal(5, aggregator.Records);
        Assert.Equal(3, aggregator.FilteredRecords);
        Assert.Equal(2, aggregator.EndpointRecords);
        Assert.Equal(
            [$"{Micros(W)} 1 {Micros(W)}", $"{Micros(W + 300)} 1 {Micros(W + 599)}"],
            Rows(TrafficTables.BuildEndpointTraffic(aggregator), "window_start", "records", "first_start"));
        Assert.Equal(2, TrafficTables.BuildEniTraffic(aggregator).RowCount);
    }

    [Fact]
    public async Task Add_NoFilter_RecordWithoutStartKept()
    {
        var aggregator = NewAggregator();

        await FeedAsync(aggregator, Lines(Header, $"5 111122223333 {E} 192.168.0.1 {Ep} 1 443 6 1 40 - {W + 5} ACCEPT OK - ingress"));

        Assert.Equal((1L, 0L, 1L), (aggregator.Records, aggregator.FilteredRecords, aggregator.EndpointRecords));
    }

    [Fact]
    public async Task NewPartial_FilteredRoot_CarriesFilterAndWindow()
    {
        var root = new WindowAggregator(new EndpointAttributor(Inventory), TimeSpan.FromMinutes(1)) { MinStart = W, EndBefore = W + 60 };

        WindowAggregator partial = root.NewPartial();
        await FeedAsync(partial, Lines(Header, Record(E, "192.168.0.1", Ep, W + 60, W + 61), Record(E, "192.168.0.1", Ep, W + 59, W + 61)));

        Assert.Equal((60L, W, W + 60), (partial.WindowSeconds, partial.MinStart, partial.EndBefore));
        Assert.Equal((2L, 1L), (partial.Records, partial.FilteredRecords));
        Assert.Empty(root.EndpointTraffic);
    }

    [Fact]
    public async Task Absorb_TwoPartials_EqualsOneAggregatorOverAllRecords()
    {
        string[] lines = RandomLines(seed: 7, count: 4000);
        var whole = NewAggregator();
        await FeedAsync(whole, Lines([RandomHeader, .. lines]), arrival: W + 5000, batchCapacity: 64);

        var root = NewAggregator();
        WindowAggregator first = root.NewPartial();
        WindowAggregator second = root.NewPartial();
        await FeedAsync(first, Lines([RandomHeader, .. lines.Where((_, i) => i % 3 == 0)]), arrival: W + 5000, batchCapacity: 7);
        await FeedAsync(second, Lines([RandomHeader, .. lines.Where((_, i) => i % 3 != 0)]), arrival: W + 5000, batchCapacity: 5);
        root.Absorb(first);
        root.Absorb(second);

        Assert.Equal(
            (whole.Records, whole.FilteredRecords, whole.EndpointRecords, whole.TransitGatewayRecords),
            (root.Records, root.FilteredRecords, root.EndpointRecords, root.TransitGatewayRecords));
        SummaryTable expected = TrafficTables.BuildEndpointTraffic(whole);
        Assert.True(expected.RowCount > 20, $"only {expected.RowCount} rows");
        Assert.Contains(expected["distinct_clients"].Int64Values!, v => v > DistinctSketch.ExactLimit);
        Assert.Contains(expected["duration_max_s"].Int64Values!, v => v > QuantileSketch.ExactLimit);
        SummaryTableAssert.Equal(expected, TrafficTables.BuildEndpointTraffic(root));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(whole), TrafficTables.BuildEniTraffic(root));
    }

    [Fact]
    public async Task Absorb_OnePartialReusedOverManyObjects_SameTablesAsAFreshPartialEach()
    {
        // As a worker does: one partial per object, emptied by each merge and reused, its metrics
        // and sketches recycled for the next object's keys; one attempt fails and is cleared.
        string[] lines = RandomLines(seed: 13, count: 4000);
        string[][] objects = [.. lines.Chunk(500)];
        var fresh = NewAggregator();
        var reused = NewAggregator();
        WindowAggregator partial = reused.NewPartial();
        for (int o = 0; o < objects.Length; o++)
        {
            WindowAggregator one = fresh.NewPartial();
            await FeedAsync(one, Lines([RandomHeader, .. objects[o]]), arrival: W + 5000, batchCapacity: 64);
            fresh.Absorb(one);

            if (o == 3)
            {
                // A failed attempt: counted, then dropped before the object is read again.
                await FeedAsync(partial, Lines([RandomHeader, .. objects[o][..300]]), arrival: W + 5000, batchCapacity: 64);
                partial.Clear();
                Assert.Equal((0L, 0, 0), (partial.Records, partial.EndpointTraffic.Count, partial.EniTraffic.Count));
            }

            await FeedAsync(partial, Lines([RandomHeader, .. objects[o]]), arrival: W + 5000, batchCapacity: 64);
            reused.Absorb(partial);
            Assert.Equal((0L, 0, 0, 0), (partial.Records, partial.EndpointTraffic.Count, partial.EniTraffic.Count, partial.UnknownEnis.Count));
        }

        Assert.Equal(
            (fresh.Records, fresh.FilteredRecords, fresh.EndpointRecords),
            (reused.Records, reused.FilteredRecords, reused.EndpointRecords));
        SummaryTable expected = TrafficTables.BuildEndpointTraffic(fresh);
        Assert.Contains(expected["distinct_clients"].Int64Values!, v => v > DistinctSketch.ExactLimit);
        Assert.Contains(expected["duration_max_s"].Int64Values!, v => v > QuantileSketch.ExactLimit);
        SummaryTableAssert.Equal(expected, TrafficTables.BuildEndpointTraffic(reused));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(fresh), TrafficTables.BuildEniTraffic(reused));
        Assert.Equal(Facts(fresh), Facts(reused));
    }

    [Fact]
    public async Task Absorb_PartialReusedOnceTheRunHoldsItsKeys_AllocatesNothing()
    {
        // ENIs of the inventory only: facts about unknown ENIs are strings made per object.
        string[] lines = [.. RandomLines(seed: 17, count: 3000).Where(line => !line.Contains("eni-0fff", StringComparison.Ordinal))];
        var errors = new FlowErrorLog(int.MaxValue);
        var batch = new FlowRecordBatch(4096);
        await using (var reader = new FlowLogReader(SegmentedInput.Whole(Lines([RandomHeader, .. lines])), new FlowLogReaderOptions { Errors = errors }))
        {
            Assert.True(await reader.ReadBatchAsync(batch));
        }

        Assert.Equal((lines.Length, 0L), (batch.Count, errors.Total));
        var root = NewAggregator();
        WindowAggregator partial = root.NewPartial();
        // Warm up past tiering and the run's first keys, then the least of five windows, as the
        // reader's and the inventory's allocation tests do.
        AddAndAbsorb(root, partial, batch, 300);
        long allocated = long.MaxValue;
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            AddAndAbsorb(root, partial, batch, 20);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
        Assert.Equal(400L * lines.Length, root.Records);
    }

    [Fact]
    public async Task Absorb_SpareOfAHeavyKeyReusedForALightOne_RunRowHoldsOnlyWhatItNeeds()
    {
        // The heavy key has 600 clients (registers) and durations over many quantile chunks; its
        // metrics are kept as a spare and reused for the last object's one-record key.
        var root = NewAggregator();
        WindowAggregator partial = root.NewPartial();
        string[] heavy = [.. Enumerable.Range(0, 600).Select(i => Record(E, $"10.1.{(i / 200) * 4}.{(i % 200) + 1}", Ep, W + (i % 60), W + (i % 60) + (i * 7)))];
        // Twice: the second time the run has the key, so the partial keeps the metrics as a spare.
        for (int o = 0; o < 2; o++)
        {
            await FeedAsync(partial, Lines([Header, .. heavy]), arrival: W + 9000);
            root.Absorb(partial);
        }

        string light = Record(E, "10.1.9.5", Ep, W + 600, W + 601);
        await FeedAsync(partial, Lines(Header, light), arrival: W + 9000);
        root.Absorb(partial);

        var fresh = NewAggregator();
        await FeedAsync(fresh, Lines(Header, light), arrival: W + 9000);
        TrafficMetrics expected = fresh.EndpointTraffic.Values.Single();
        TrafficMetrics actual = root.EndpointTraffic.Single(row => row.Key.WindowStart == W + 600).Value;
        Assert.Equal(1, actual.Records);
        Assert.Equal(expected.StorageBytes, actual.StorageBytes);
        Assert.Contains(root.EndpointTraffic, row => row.Key.WindowStart == W && !row.Value.Clients.IsExact);
    }

    private static void AddAndAbsorb(WindowAggregator root, WindowAggregator partial, FlowRecordBatch batch, int objects)
    {
        for (int o = 0; o < objects; o++)
        {
            partial.Add(batch, W + 5000);
            root.Absorb(partial);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Add_FewFlowsInATinyFlowTable_SameTablesAsEachRecordCountedAlone(bool filtered)
    {
        // The first half without the service fields, the second with them: the same flows are
        // seen in both layouts, through a header that changes mid-input.
        string[] lines = FewFlowLines(seed: 11, count: 2000);
        string[] plain = [.. lines[..1000].Select(line => line[..line.LastIndexOf(' ', line.LastIndexOf(' ') - 1)])];
        string[] withServices = lines[1000..];
        string text = Lines([FewFlowPlainHeader, .. plain, FewFlowHeader, .. withServices]);
        var tiny = NewFewFlowAggregator(filtered, slots: 1);
        var usual = NewFewFlowAggregator(filtered, slots: WindowAggregator.DefaultFlowSlots);
        await FeedAsync(tiny, text, arrival: W + 5000, batchCapacity: 64);
        await FeedAsync(usual, text, arrival: W + 5000, batchCapacity: 64);

        // The reference: each record in an aggregator of its own, so no flow is ever found in a table.
        var alone = NewFewFlowAggregator(filtered, slots: 1);
        foreach ((string header, string line) in plain.Select(l => (FewFlowPlainHeader, l)).Concat(withServices.Select(l => (FewFlowHeader, l))))
        {
            WindowAggregator one = alone.NewPartial();
            await FeedAsync(one, Lines(header, line), arrival: W + 5000);
            alone.Absorb(one);
        }

        Assert.True(alone.EndpointRecords > 400, $"only {alone.EndpointRecords} endpoint records");
        Assert.True(ServicePathTable.Build(alone).RowCount > 0);
        Assert.True(alone.UnknownEnis.Count == 2, $"{alone.UnknownEnis.Count} unknown ENIs");
        Assert.True(filtered ? alone.FilteredRecords > 500 : alone.FilteredRecords == 0, $"{alone.FilteredRecords} filtered");
        foreach (WindowAggregator aggregator in new[] { tiny, usual })
        {
            Assert.Equal(
                (alone.Records, alone.FilteredRecords, alone.EndpointRecords),
                (aggregator.Records, aggregator.FilteredRecords, aggregator.EndpointRecords));
            SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(alone), TrafficTables.BuildEndpointTraffic(aggregator));
            SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(alone), TrafficTables.BuildEniTraffic(aggregator));
            SummaryTableAssert.Equal(ServicePathTable.Build(alone), ServicePathTable.Build(aggregator));
            Assert.Equal(Facts(alone), Facts(aggregator));
        }
    }

    [Fact]
    public async Task Add_FlowSeenFirstInALayoutWithoutServiceFields_ServicePathRowOnlyFromTheLayoutWithThem()
    {
        // Both flows' clients are in subnets of their own, so each would make a row of its own.
        var aggregator = NewAggregator();
        string withServices = Header + " pkt-src-aws-service pkt-dst-aws-service";

        await FeedAsync(aggregator, Lines(
            Header,
            Record(E, "10.1.0.5", Ep, W, W + 1),
            Record(E, AttributionInventory.ClientIPv4, Ep, W, W + 1),
            withServices,
            Record(E, "10.1.0.5", Ep, W + 10, W + 11) + " - S3"));

        SummaryTable table = ServicePathTable.Build(aggregator);
        Assert.Equal(["S3 interface_endpoint to_service 1 40"], Rows(table, "aws_service", "path", "direction", "records", "bytes"));
    }

    [Fact]
    public async Task Absorb_EitherOrder_SameTables()
    {
        (WindowAggregator forward, WindowAggregator backward) = await MergedBothWaysAsync();

        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(forward), TrafficTables.BuildEndpointTraffic(backward));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(forward), TrafficTables.BuildEniTraffic(backward));
    }

    [Fact]
    public async Task Absorb_EitherOrder_ClientsSketchBytesIdentical()
    {
        (WindowAggregator forward, WindowAggregator backward) = await MergedBothWaysAsync();

        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(forward), TrafficTables.BuildEndpointTraffic(backward));
    }

    private static async Task<(WindowAggregator Forward, WindowAggregator Backward)> MergedBothWaysAsync()
    {
        string[] lines = RandomLines(seed: 11, count: 1500);
        var forward = NewAggregator();
        var backward = NewAggregator();
        WindowAggregator a = forward.NewPartial();
        WindowAggregator b = forward.NewPartial();
        await FeedAsync(a, Lines([RandomHeader, .. lines[..700]]), arrival: W + 5000);
        await FeedAsync(b, Lines([RandomHeader, .. lines[700..]]), arrival: W + 5000);
        forward.Absorb(a);
        forward.Absorb(b);

        WindowAggregator a2 = backward.NewPartial();
        WindowAggregator b2 = backward.NewPartial();
        await FeedAsync(a2, Lines([RandomHeader, .. lines[..700]]), arrival: W + 5000);
        await FeedAsync(b2, Lines([RandomHeader, .. lines[700..]]), arrival: W + 5000);
        backward.Absorb(b2);
        backward.Absorb(a2);
        return (forward, backward);
    }

    [Fact]
    public void Absorb_DifferentWindow_Throws()
    {
        var fiveMinutes = NewAggregator();
        var oneMinute = new WindowAggregator(new EndpointAttributor(Inventory), TimeSpan.FromMinutes(1));

        Assert.Throws<ArgumentException>(() => fiveMinutes.Absorb(oneMinute));
    }

    [Fact]
    public async Task Add_TransitGatewayLayout_CountedAsTransitGatewayOnly()
    {
        var aggregator = NewAggregator();
        string text = Lines(
            Header,
            Record(E, "192.168.0.1", Ep, W, W + 1),
            "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service",
            $"6 TransitGateway 111122223333 tgw-0123456789abcdef0 tgw-attach-0123456789abcdef0 111122223333 111122223333 vpc-0a1b2c3d4e5f60002 {AttributionInventory.Vpc} subnet-0000000000000e5 {AttributionInventory.SubnetC3} eni-0aaa00000000000a1 {E} use1-az1 use1-az3 tgw-attach-0123456789abcdef1 10.9.0.5 {Ep} 40000 443 6 10 1000 {W} {W + 10} OK IPv4 0 0 0 0 2 us-east-1 ingress - -",
            $"6 TransitGateway 111122223333 tgw-0123456789abcdef0 tgw-attach-0123456789abcdef0 111122223333 111122223333 {AttributionInventory.Vpc} vpc-0a1b2c3d4e5f60002 {AttributionInventory.SubnetC3} subnet-0000000000000e5 {E} eni-0aaa00000000000a1 use1-az3 use1-az1 tgw-attach-0123456789abcdef1 {Ep} 10.9.0.5 443 40000 6 8 4000 {W} {W + 10} OK IPv4 0 0 0 0 18 us-east-1 egress - -");

        await FeedAsync(aggregator, text);

        Assert.Equal((3L, 2L, 1L, 0L), (aggregator.Records, aggregator.TransitGatewayRecords, aggregator.EndpointRecords, aggregator.FilteredRecords));
        Assert.Equal(["1 40"], Rows(TrafficTables.BuildEndpointTraffic(aggregator), "records", "bytes"));
        Assert.Equal(["1 40"], Rows(TrafficTables.BuildEniTraffic(aggregator), "records", "bytes"));
        Assert.Empty(aggregator.UnknownEnis);
    }

    [Fact]
    public async Task Add_UnknownEniInV5Records_EniTrafficTakesVpcRegionAzFromRecords()
    {
        var aggregator = NewAggregator();
        const string V5Header = "account-id action az-id bytes dstaddr dstport end flow-direction instance-id interface-id log-status packets pkt-dst-aws-service pkt-dstaddr pkt-src-aws-service pkt-srcaddr protocol region srcaddr srcport start sublocation-id sublocation-type subnet-id tcp-flags traffic-path type version vpc-id";
        string text = Lines(
            V5Header,
            // The first record of the unknown ENI lacks vpc-id, region and az-id: they come from the next.
            $"222233334444 ACCEPT - 100 192.0.2.10 443 {W + 2} egress - eni-0abc00000000000f1 OK 1 - - - - 6 - 198.51.100.7 40001 {W} - - - 2 - IPv4 5 -",
            $"222233334444 ACCEPT usw2-az1 200 192.0.2.10 443 {W + 3} egress - eni-0abc00000000000f1 OK 2 - 192.0.2.10 - 198.51.100.7 6 us-west-2 198.51.100.7 40002 {W + 1} - - subnet-0abc0000000000001 2 - IPv4 5 vpc-0bbb00000000000b1",
            $"222233334444 ACCEPT usw2-az2 300 192.0.2.10 443 {W + 3} egress - eni-0abc00000000000f1 OK 3 - 192.0.2.10 - 198.51.100.7 6 us-west-1 198.51.100.7 40003 {W + 1} - - subnet-0abc0000000000001 2 - IPv4 5 vpc-0ccc00000000000c1",
            // A known ENI whose record claims another region and VPC: the inventory wins.
            $"111122223333 ACCEPT euw1-az1 400 10.1.2.51 443 {W + 3} egress i-0abcdef1234567890 {C} OK 4 - 10.1.2.51 - {AttributionInventory.ClientIPv4} 6 eu-west-1 {AttributionInventory.ClientIPv4} 40004 {W + 1} - - subnet-0abc0000000000001 2 - IPv4 5 vpc-0ddd00000000000d1");

        await FeedAsync(aggregator, text);

        Assert.Equal(
            [
                "222233334444 us-west-2 vpc-0bbb00000000000b1 eni-0abc00000000000f1 usw2-az1 egress - 3 600",
                $"{AttributionInventory.Account} us-east-1 {AttributionInventory.Vpc} {C} use1-az2 egress interface 1 400",
            ],
            Rows(TrafficTables.BuildEniTraffic(aggregator), "account_id", "region", "vpc_id", "eni_id", "az_id", "direction", "interface_type", "records", "bytes"));
        EniFacts facts = Assert.Single(aggregator.UnknownEnis).Value;
        Assert.Equal(("vpc-0bbb00000000000b1", "us-west-2", "usw2-az1"), (facts.VpcId, facts.Region, facts.AzId));
    }

    [Fact]
    public async Task Add_UnknownEniInDefaultFormat_EniTrafficKeyColumnsNullButAccountAndId()
    {
        var aggregator = NewAggregator();

        await FeedAsync(aggregator, $"2 222233334444 eni-0abc00000000000f1 10.9.9.9 10.9.9.8 1 2 6 1 40 {W} {W + 1} ACCEPT OK\n");

        Assert.Equal(
            ["222233334444 - - eni-0abc00000000000f1 - - - 1"],
            Rows(TrafficTables.BuildEniTraffic(aggregator), "account_id", "region", "vpc_id", "eni_id", "az_id", "direction", "interface_type", "records"));
        Assert.Empty(aggregator.UnknownEnis);
    }

    private static void AssertMetrics(SummaryTable table, (long P50, long P99, long Max)? lag)
    {
        Assert.Equal(1, table.RowCount);
        (string Column, long? Value)[] expected =
        [
            ("records", 10), ("packets", 32), ("bytes", 2940),
            ("rejected_records", 2), ("rejected_packets", 5), ("rejected_bytes", 300),
            ("nodata_records", 1), ("skipdata_records", 1),
            ("syn_records", 2), ("synack_records", 3), ("fin_records", 3), ("rst_records", 1),
            ("distinct_clients", 3),
            // Sorted durations 0 1 1 2 10 15 60 60 220 300; lower nearest rank sorted[floor(q·9)].
            ("duration_p50_s", 10), ("duration_p95_s", 220), ("duration_p99_s", 220), ("duration_max_s", 300),
            ("delivery_lag_p50_s", lag?.P50), ("delivery_lag_p99_s", lag?.P99), ("delivery_lag_max_s", lag?.Max),
            ("first_start", Micros(W)), ("last_end", Micros(W + 330)),
        ];
        foreach ((string column, long? value) in expected)
        {
            Assert.True(value == Long(table, column, 0), $"{column}: expected {value}, got {Long(table, column, 0)}");
        }

        Assert.NotNull(table["duration_sketch"].BinaryValues![0]);
        Assert.Equal(10, QuantileSketch.FromBytes(table["duration_sketch"].BinaryValues![0]).Count);
        Assert.Equal(lag is null ? 0 : 10, QuantileSketch.FromBytes(table["delivery_lag_sketch"].BinaryValues![0]).Count);
        Assert.Equal(3, DistinctSketch.FromBytes(table["clients_sketch"].BinaryValues![0]).Estimate());
    }

    private static WindowAggregator NewAggregator() => new(new EndpointAttributor(Inventory), TimeSpan.FromMinutes(5));

    private static string Record(string eni, string src, string dst, long start, long end) =>
        $"5 111122223333 {eni} {src} {dst} 40001 443 6 1 40 {start} {end} ACCEPT OK 2 ingress";

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private const string RandomHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags flow-direction vpc-id region az-id";

    /// <summary>
    /// Varied records over three windows: endpoint, client and unknown ENIs, IPv4 and IPv6, nulls,
    /// NODATA, long flows (above the sketch's exact range) and enough clients of one key to pass
    /// the distinct sketch's exact limit.
    /// </summary>
    private static string[] RandomLines(int seed, int count)
    {
        var random = new Random(seed);
        string[] enis = [E, E, E, E, C, "eni-0fff0000000000ff1", "eni-0fff0000000000ff2"];
        string[] flags = ["-", "0", "1", "2", "3", "4", "16", "18", "19", "27"];
        string[] directions = ["ingress", "egress", "-"];
        var lines = new string[count];
        for (int i = 0; i < count; i++)
        {
            string eni = enis[random.Next(enis.Length)];
            long start = W + random.Next(900);
            long end = start + (random.Next(10) == 0 ? random.Next(4000, 20000) : random.Next(120));
            string facts = eni.StartsWith("eni-0fff", StringComparison.Ordinal) && random.Next(3) > 0 ? "vpc-0eee00000000000e1 us-east-2 use2-az1" : "- - -";
            if (random.Next(25) == 0)
            {
                lines[i] = $"5 111122223333 {eni} - - - - - - - {start} {end} - {(random.Next(2) == 0 ? "NODATA" : "SKIPDATA")} - - {facts}";
                continue;
            }

            bool ipv6 = random.Next(5) == 0;
            string client = ipv6
                ? $"2600:1f18:aaaa:10{random.Next(16):x2}::{random.Next(1, 400):x}"
                : $"10.1.{random.Next(8)}.{random.Next(1, 255)}";
            string endpoint = ipv6 ? AttributionInventory.EndpointIPv6 : Ep;
            bool toEndpoint = random.Next(5) > 0;
            string packets = random.Next(20) == 0 ? "- -" : $"{random.Next(1, 100)} {random.Next(40, 100000)}";
            lines[i] = string.Join(' ',
                "5", "111122223333", eni, toEndpoint ? client : endpoint, toEndpoint ? endpoint : client,
                toEndpoint ? "40000" : "443", toEndpoint ? "443" : "40000", "6", packets,
                start.ToString(CultureInfo.InvariantCulture), end.ToString(CultureInfo.InvariantCulture),
                random.Next(8) == 0 ? "REJECT" : "ACCEPT", "OK", flags[random.Next(flags.Length)], directions[random.Next(directions.Length)], facts);
        }

        return lines;
    }

    private const string FewFlowPlainHeader = "version account-id interface-id srcaddr dstaddr packets bytes start end action log-status tcp-flags flow-direction vpc-id region az-id";
    private const string FewFlowHeader = FewFlowPlainHeader + " pkt-src-aws-service pkt-dst-aws-service";

    // Filtered: the first window and records without a start are left out.
    private static WindowAggregator NewFewFlowAggregator(bool filtered, int slots) =>
        new(new EndpointAttributor(Inventory), TimeSpan.FromMinutes(5))
        {
            MinStart = filtered ? W + 300 : long.MinValue,
            EndBefore = filtered ? W + 900 : long.MaxValue,
            FlowSlots = slots,
        };

    private static List<string> Facts(WindowAggregator aggregator) =>
        [.. aggregator.UnknownEnis.OrderBy(p => p.Key).Select(p => $"{p.Key.Format("eni-")} {p.Value.VpcId} {p.Value.Region} {p.Value.AzId}")];

    /// <summary>
    /// Records of a handful of flows, each followed half the time by a twin that differs in one part
    /// of the flow (ENI, account, client, endpoint address, flow-direction, window or none), often only in
    /// bits a flow table might skip: an ENI id or an IPv6 client equal to another's low 64 bits. A
    /// one-slot table then holds the original when the twin comes, and must tell them apart.
    /// </summary>
    private static string[] FewFlowLines(int seed, int count)
    {
        var random = new Random(seed);
        string[][] parts =
        [
            ["111122223333", "444455556666"],
            [E, C, "eni-0fff0000000000ff1", "-", "eni-1e00000000000e001"],
            ["10.1.0.5", "10.1.0.6", "2600:1f18:aaaa:1002:0:ffff:a01:5", "2600:1f18:aaaa:1000::5", "-"],
            [Ep, AttributionInventory.EndpointIPv6],
            ["to", "from"],
            ["ingress", "egress", "-"],
            ["0", "1", "2", "-"],
        ];
        string[] services = ["- -", "S3 -", "- S3", "DYNAMODB -"];
        var lines = new List<string>();
        int[] pick = new int[parts.Length];
        while (lines.Count < count)
        {
            for (int p = 0; p < parts.Length; p++)
            {
                pick[p] = random.Next(parts[p].Length);
            }

            lines.Add(FewFlowLine(parts, pick, random, services));
            if (random.Next(2) == 0)
            {
                int p = random.Next(parts.Length);
                pick[p] = (pick[p] + 1 + random.Next(parts[p].Length - 1)) % parts[p].Length;
                lines.Add(FewFlowLine(parts, pick, random, services));
            }
        }

        return [.. lines];
    }

    private static string FewFlowLine(string[][] parts, int[] pick, Random random, string[] services)
    {
        string client = parts[2][pick[2]];
        string endpoint = parts[3][pick[3]];
        bool toEndpoint = parts[4][pick[4]] == "to";
        string window = parts[6][pick[6]];
        long start = window == "-" ? 0 : W + (300 * int.Parse(window, CultureInfo.InvariantCulture)) + random.Next(300);
        string eni = parts[1][pick[1]];
        // Facts about ENIs missing from the inventory, sometimes absent, so later records fill them in.
        string facts = eni.StartsWith("eni-0fff", StringComparison.Ordinal) || eni.StartsWith("eni-1e", StringComparison.Ordinal)
            ? string.Join(' ', random.Next(3) == 0 ? "-" : "vpc-0eee00000000000e1", random.Next(3) == 0 ? "-" : "us-east-2", random.Next(3) == 0 ? "-" : "use2-az1")
            : "- - -";
        return string.Join(' ',
            "5", parts[0][pick[0]], eni, toEndpoint ? client : endpoint, toEndpoint ? endpoint : client,
            random.Next(1, 100).ToString(CultureInfo.InvariantCulture), random.Next(40, 100000).ToString(CultureInfo.InvariantCulture),
            window == "-" ? "-" : start.ToString(CultureInfo.InvariantCulture), window == "-" ? "-" : (start + random.Next(120)).ToString(CultureInfo.InvariantCulture),
            random.Next(8) == 0 ? "REJECT" : "ACCEPT", "OK", random.Next(2) == 0 ? "2" : "18",
            parts[5][pick[5]], facts, services[random.Next(services.Length)]);
    }
}
