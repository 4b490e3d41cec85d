using System.Text.Json;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Parquet;
using FlowAnalytics.Tests.Attribution;
using static FlowAnalytics.Tests.Aggregation.AggregationInput;
using static FlowAnalytics.Tests.Pipeline.FlowLogBucket;

namespace FlowAnalytics.Tests.Pipeline;

/// <summary>The job over a temp bucket of good, corrupt, bad-line and empty gzip objects.</summary>
public sealed class FlowLogJobTests : IDisposable
{
    private const string RunId = "20270115T090000Z-abcdef";

    private readonly FlowLogBucket _bucket = new();
    private readonly EndpointInventory _inventory;

    public FlowLogJobTests() => _inventory = EndpointInventory.Load(_bucket.InventoryFiles);

    public void Dispose() => _bucket.Dispose();

    [Fact]
    public async Task RunAsync_CorruptObject_FailsAndCountsNoneOfItsRecords()
    {
        RunResult result = await RunAsync();

        Assert.Equal(_bucket.Objects, result.Objects.Select(o => o.Object.Key));
        ObjectResult corrupt = result.Objects[1];
        Assert.StartsWith("corrupt gzip: ", corrupt.Failure, StringComparison.Ordinal);
        Assert.Equal(0, corrupt.Records);
        // Batches were read and staged before the damage was detected (mid-stream or by the CRC at the end).
        Assert.True(corrupt.Lines > FlowRecordBatch.DefaultCapacity, $"only {corrupt.Lines} lines read before the failure");
        // The damaged stream decodes to garbage lines before failing; those are not the object's bad lines.
        Assert.Equal(0, corrupt.Errors.Total);
        // The corrupt object, and the empty one (reported, not silent: see RunAsync_EmptyObject_FailsWithAReason).
        Assert.Equal(2, result.FailedObjects);
        Assert.DoesNotContain(CorruptEni, TrafficTables.BuildEniTraffic(result.Aggregation)["eni_id"].StringValues!);

        // Only the good and bad-lines objects' records count: 6 + 3.
        Assert.Equal(9, result.Records);
        Assert.Equal(9, result.Aggregation.Records);
        Assert.Equal([6L, 0L, 3L, 0L], result.Objects.Select(o => o.Records));
        Assert.Equal([7L, 8L, 0L], new[] { result.Objects[0].Lines, result.Objects[2].Lines, result.Objects[3].Lines });
        Assert.Equal(4, result.RejectedLines);
        Assert.Equal(0, result.PrunedObjects);
    }

    [Fact]
    public async Task RunAsync_GoodAndBadLineObjects_TablesHoldTheirRecords()
    {
        RunResult result = await RunAsync();

        SummaryTable endpoints = TrafficTables.BuildEndpointTraffic(result.Aggregation);
        Assert.Equal(
            [
                $"{Micros(W)} - - endpoint_eni 1 0",
                $"{Micros(W)} use1-az1 to_endpoint endpoint_eni 1 180",
                $"{Micros(W)} use1-az2 to_endpoint endpoint_eni 3 1520",
                $"{Micros(W)} use1-az2 to_endpoint client_eni 2 1100",
                $"{Micros(W)} use1-az2 from_endpoint endpoint_eni 1 6000",
                $"{Micros(W + 300)} use1-az2 to_endpoint endpoint_eni 1 700",
            ],
            Rows(endpoints, "window_start", "client_az_id", "direction", "observed_at", "records", "bytes"));
        Assert.Equal(9, result.Aggregation.EndpointRecords);
    }

    [Fact]
    public async Task RunAsync_EmptyObject_FailsWithAReason()
    {
        RunResult result = await RunAsync();

        ObjectResult empty = result.Objects[3];
        Assert.Equal(_bucket.Empty, empty.Object.Key);
        Assert.Equal("empty object: no data", empty.Failure);
        Assert.Equal((0L, 0L, 1), (empty.Records, empty.Lines, empty.Attempts));
    }

    [Theory]
    [InlineData("trail.json", "{\"Records\":[{\"eventName\":\"GetObject\"}]}\n", "(line 1: too few fields)")]
    [InlineData("export.csv", "a,b,c\n1,2,3\n", "(line 1: too few fields)")]
    public async Task RunAsync_ForeignObjectUnderThePrefix_FailsAsNotAFlowLogAndOthersCount(string name, string content, string reason)
    {
        string foreign = Path.Combine(_bucket.Root, name);
        await File.WriteAllTextAsync(foreign, content);

        RunResult result = await FlowLogJob.RunAsync(
            new LocalFileSource([_bucket.Good, foreign, _bucket.BadLines]), _inventory, new RunOptions { RunId = "t", Workers = 1 });

        ObjectResult o = Assert.Single(result.Objects, o => o.Object.Key == foreign);
        Assert.Equal($"not a flow log: no header and none of its {content.Count(c => c == '\n')} lines is a record {reason}", o.Failure);
        Assert.Equal((0L, 0L), (o.Records, o.Errors.Total));
        Assert.Equal(9, result.Records);
        Assert.Equal(4, result.RejectedLines); // the flow log's own bad lines, not the foreign file's
        Assert.Equal(1, result.FailedObjects);
    }

    [Fact]
    public async Task BuildErrors_MixedObjects_FailedObjectAndLocatedBadLines()
    {
        RunResult result = await RunAsync();

        SummaryTable errors = RunTables.BuildErrors(result);

        Assert.Equal("errors", errors.Name);
        Assert.Equal(["object_key", "line_number", "reason", "field", "excerpt", "reason_count", "run_id"], errors.Columns.Select(c => c.Name));
        Assert.Equal(6, errors.RowCount);
        Assert.Equal([_bucket.Corrupt, _bucket.BadLines, _bucket.BadLines, _bucket.BadLines, _bucket.BadLines, _bucket.Empty], Strings(errors, "object_key"));
        Assert.Equal([null, 3L, 5L, 7L, 8L, null], errors["line_number"].Int64Values!);
        Assert.Equal(result.Objects[1].Failure, errors["reason"].StringValues![0]);
        Assert.Equal(["too few fields", "bad number in bytes", "bad address in srcaddr", "too few fields", "empty object: no data"], Strings(errors, "reason").Skip(1));
        Assert.Equal([null, null, "bytes", "srcaddr", null, null], Strings(errors, "field"));
        Assert.Equal([null, BadTooFew1, BadBytes, BadAddress, BadTooFew2, null], Strings(errors, "excerpt"));
        Assert.Equal([1L, 2L, 1L, 1L, 2L, 1L], errors["reason_count"].Int64Values!);
        Assert.All(errors["run_id"].StringValues!, id => Assert.Equal(RunId, id));
    }

    [Fact]
    public async Task ToJson_MixedObjects_TotalsMatchInputs()
    {
        RunResult result = await RunAsync();

        using JsonDocument manifest = JsonDocument.Parse(RunManifest.ToJson(result, [new OutputFile("out/errors/part-00000.parquet", 5, 1234)]));

        JsonElement root = manifest.RootElement;
        Assert.Equal(RunId, root.GetProperty("run_id").GetString());
        Assert.Equal(300, root.GetProperty("options").GetProperty("window_seconds").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("options").GetProperty("from").ValueKind);
        // The inflater the run settled on, never "auto".
        Assert.NotEqual(GzipInflater.Auto, result.Options.Inflater);
        Assert.Equal(result.Options.Inflater == GzipInflater.Isal ? "isal" : "zlib", root.GetProperty("options").GetProperty("inflate").GetString());
        JsonElement totals = root.GetProperty("totals");
        JsonElement[] inputs = [.. root.GetProperty("inputs").EnumerateArray()];
        Assert.Equal(4, totals.GetProperty("objects").GetInt64());
        Assert.Equal(2, totals.GetProperty("failed_objects").GetInt64());
        Assert.Equal(0, totals.GetProperty("pruned_objects").GetInt64());
        Assert.Equal(9, totals.GetProperty("records").GetInt64());
        Assert.Equal(4, totals.GetProperty("rejected_lines").GetInt64());
        Assert.Equal(9, totals.GetProperty("endpoint_records").GetInt64());
        Assert.Equal(0, totals.GetProperty("transit_gateway_records").GetInt64());
        Assert.Equal(inputs.Sum(i => i.GetProperty("lines").GetInt64()), totals.GetProperty("lines").GetInt64());
        Assert.Equal(inputs.Sum(i => i.GetProperty("records").GetInt64()), totals.GetProperty("records").GetInt64());
        Assert.Equal(inputs.Sum(i => i.GetProperty("errors").GetInt64()), totals.GetProperty("rejected_lines").GetInt64());

        Assert.Equal(_bucket.Objects, inputs.Select(i => i.GetProperty("key").GetString()));
        Assert.Equal(_bucket.Objects.Select(f => new FileInfo(f).Length), inputs.Select(i => i.GetProperty("size").GetInt64()));
        Assert.Equal([6L, 0L, 3L, 0L], inputs.Select(i => i.GetProperty("records").GetInt64()));
        Assert.Equal([0L, 0L, 4L, 0L], inputs.Select(i => i.GetProperty("errors").GetInt64()));
        Assert.Equal([true, false, true, false], inputs.Select(i => i.GetProperty("failure").ValueKind == JsonValueKind.Null));
        Assert.StartsWith("corrupt gzip: ", inputs[1].GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, long> { ["too few fields"] = 2, ["bad number in bytes"] = 1, ["bad address in srcaddr"] = 1 },
            inputs[2].GetProperty("error_counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));
        Assert.Equal(Header, inputs[0].GetProperty("fields").GetString());
        JsonElement output = Assert.Single(root.GetProperty("outputs").EnumerateArray());
        Assert.Equal(("out/errors/part-00000.parquet", 5L, 1234L), (output.GetProperty("path").GetString(), output.GetProperty("rows").GetInt64(), output.GetProperty("bytes").GetInt64()));
    }

    [Fact]
    public async Task RunAsync_Twice_IdenticalTables()
    {
        RunResult first = await RunAsync(workers: 4);
        RunResult second = await RunAsync(workers: 3);

        IReadOnlyList<(SummaryTable Table, string? PartitionColumn)> a = RunTables.Build(first);
        IReadOnlyList<(SummaryTable Table, string? PartitionColumn)> b = RunTables.Build(second);
        Assert.Equal(["endpoint_traffic", "eni_traffic", "errors"], a.Select(t => t.Table.Name));
        Assert.Equal(["window_start", "window_start", null], a.Select(t => t.PartitionColumn));
        for (int i = 0; i < a.Count; i++)
        {
            SummaryTableAssert.Equal(a[i].Table, b[i].Table);
        }
    }

    [Fact]
    public async Task RunAsync_LargeInputTwice_IdenticalTables()
    {
        // Many objects and workers, so workers end up merged in different orders.
        string[] extra = new string[12];
        for (int i = 0; i < extra.Length; i++)
        {
            extra[i] = Path.Combine(_bucket.Root, "more", $"part-{i:00}.log");
            Directory.CreateDirectory(Path.GetDirectoryName(extra[i])!);
            var lines = new List<string> { Header };
            var random = new Random(i);
            for (int r = 0; r < 400; r++)
            {
                lines.Add($"2 111122223333 {AttributionInventory.EndpointEni} 10.1.{random.Next(8)}.{random.Next(1, 255)} 10.2.3.10 40000 443 6 {random.Next(1, 9)} {random.Next(40, 9000)} {W + random.Next(600)} {W + 600 + random.Next(6000)} ACCEPT OK");
            }

            File.WriteAllLines(extra[i], lines);
        }

        var source = new LocalFileSource([Path.Combine(_bucket.Root, "more")]);
        RunResult first = await FlowLogJob.RunAsync(source, _inventory, new RunOptions { RunId = RunId, Workers = 4 });
        RunResult second = await FlowLogJob.RunAsync(source, _inventory, new RunOptions { RunId = RunId, Workers = 3 });

        Assert.Equal(4800, first.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(first.Aggregation), TrafficTables.BuildEndpointTraffic(second.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(first.Aggregation), TrafficTables.BuildEniTraffic(second.Aggregation));
    }

    [Theory]
    [InlineData("2027-01-15T09:05Z", null, false)]   // key time 08:05 is exactly one hour before --from: kept
    [InlineData("2027-01-15T09:06Z", null, true)]
    [InlineData(null, "2027-01-15T07:05Z", false)]   // exactly one hour after --to: kept
    [InlineData(null, "2027-01-15T07:04Z", true)]
    [InlineData("2027-01-15T08:00Z", "2027-01-15T08:05Z", false)]
    [InlineData(null, null, false)]
    public void IsOutside_KeyTime_PrunedOnlyBeyondAnHourOfSlack(string? from, string? to, bool expected)
    {
        string key = Key("20270115T0805Z_0000000a.log.gz");

        Assert.Equal(expected, FlowLogKey.IsOutside(key, Instant(from), Instant(to)));
    }

    [Theory]
    [InlineData("some/dir/flows.log.gz")]
    [InlineData("111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_2027011508Z_0000000a.log.gz")]
    public void IsOutside_KeyWithoutAwsTime_NeverPruned(string key)
    {
        Assert.False(FlowLogKey.IsOutside(key, Instant("2030-01-01T00:00Z"), Instant("2030-01-02T00:00Z")));
    }

    [Fact]
    public async Task RunAsync_FromAfterEarlyKeys_PrunesThemUnopened()
    {
        // 08:05 and 08:10 are more than an hour before 09:11: not opened, so the corrupt one cannot
        // fail (the empty one, opened, still does).
        RunResult result = await RunAsync(from: Instant("2027-01-15T09:11Z"));

        Assert.Equal([true, true, false, false], result.Objects.Select(o => o.Pruned));
        Assert.Equal((2, 1), (result.PrunedObjects, result.FailedObjects));
        Assert.Equal([0L, 0L, 0L, 0L], result.Objects.Select(o => o.Records));
        Assert.Equal([0L, 0L, 3L, 0L], result.Objects.Select(o => o.FilteredRecords));
        Assert.Equal(new FileInfo(_bucket.BadLines).Length + new FileInfo(_bucket.Empty).Length, result.StoredBytes);
        using JsonDocument manifest = JsonDocument.Parse(RunManifest.ToJson(result, []));
        Assert.Equal(2, manifest.RootElement.GetProperty("totals").GetProperty("pruned_objects").GetInt64());
        Assert.Equal("2027-01-15T09:11:00Z", manifest.RootElement.GetProperty("options").GetProperty("from").GetString());
    }

    [Fact]
    public async Task RunAsync_FromTo_KeepsOnlyRecordsStartingInRange()
    {
        // Good object starts: W, W+10, …, W+50; bad-lines object: W+100, W+200, W+300.
        RunResult result = await RunAsync(
            from: DateTimeOffset.FromUnixTimeSeconds(W + 10), to: DateTimeOffset.FromUnixTimeSeconds(W + 200));

        Assert.Equal([5L, 0L, 1L, 0L], result.Objects.Select(o => o.Records));
        Assert.Equal([1L, 0L, 2L, 0L], result.Objects.Select(o => o.FilteredRecords));
        Assert.Equal(6, result.Records);
        SummaryTable enis = TrafficTables.BuildEniTraffic(result.Aggregation);
        Assert.Equal(6, enis["records"].Int64Values!.Sum());
        Assert.Equal(Micros(W + 10), enis["first_start"].Int64Values!.Min());
        Assert.Equal(Micros(W + 100), enis["first_start"].Int64Values!.Max());
        using JsonDocument manifest = JsonDocument.Parse(RunManifest.ToJson(result, []));
        Assert.Equal([5L, 0L, 1L, 0L], manifest.RootElement.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("records").GetInt64()));
        Assert.Equal([1L, 0L, 2L, 0L], manifest.RootElement.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("filtered_records").GetInt64()));
    }

    [Fact]
    public async Task RunAsync_ArrivalFromMtime_DeliveryLagFromFileTime()
    {
        File.SetLastWriteTimeUtc(_bucket.Good, DateTimeOffset.FromUnixTimeSeconds(W + 400).UtcDateTime);

        RunResult result = await RunAsync(arrival: ArrivalTime.LastModified);

        SummaryTable enis = TrafficTables.BuildEniTraffic(result.Aggregation);
        // Good object, endpoint ENI, ingress (by addresses): ends W+5, W+25, W+95, W+45 → lags 395 375 305 355.
        Assert.Contains(
            $"{Micros(W)} {AttributionInventory.EndpointEni} ingress 4 355 375 395",
            Rows(enis, "window_start", "eni_id", "direction", "records", "delivery_lag_p50_s", "delivery_lag_p99_s", "delivery_lag_max_s"));
        // Every object read has an mtime, so no row's lag is null.
        Assert.DoesNotContain(null, enis["delivery_lag_max_s"].Int64Values!);
    }

    [Fact]
    public void LargestFirst_ObjectsOfMixedSizes_LargestFirstTiesInListingOrder()
    {
        FlowLogObject[] objects = [new("a", 10, null, null), new("b", 30, null, null), new("c", 10, null, null), new("d", 20, null, null), new("e", 30, null, null)];

        Assert.Equal([1, 4, 3, 0, 2], FlowLogJob.LargestFirst(objects));
    }

    [Fact]
    public async Task RunAsync_OneWorker_OpensLargestFirstAndReportsInListingOrder()
    {
        var source = new OpenOrderSource(new LocalFileSource([_bucket.Logs]));

        RunResult result = await FlowLogJob.RunAsync(source, _inventory, new RunOptions { RunId = RunId, Workers = 1 });

        IReadOnlyList<FlowLogObject> listed = await source.ListAsync(CancellationToken.None);
        Assert.Equal([.. listed.OrderByDescending(o => o.Size).Select(o => o.Key)], source.Opened);
        Assert.NotEqual(listed.Select(o => o.Key), source.Opened);
        Assert.Equal(_bucket.Objects, result.Objects.Select(o => o.Object.Key));
    }

    private Task<RunResult> RunAsync(
        int workers = 2, DateTimeOffset? from = null, DateTimeOffset? to = null, ArrivalTime arrival = ArrivalTime.None) =>
        FlowLogJob.RunAsync(
            new LocalFileSource([_bucket.Logs]), _inventory,
            new RunOptions { RunId = RunId, Workers = workers, From = from, To = to, Arrival = arrival });

    private static List<string?> Strings(SummaryTable table, string column) => [.. table[column].StringValues!];

    private static DateTimeOffset? Instant(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A source that remembers the order its objects are opened in.</summary>
    private sealed class OpenOrderSource(IFlowLogSource inner) : IFlowLogSource
    {
        public List<string> Opened { get; } = [];

        public Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken)
        {
            lock (Opened)
            {
                Opened.Add(item.Key);
            }

            return inner.OpenAsync(item, cancellationToken);
        }
    }
}
