using System.Globalization;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Analysis;
using FlowAnalytics.Inventory;
using FlowAnalytics.Pipeline;
using Spectre.Console;

namespace FlowAnalytics.Cli.Commands;

/// <summary>What <c>run</c> shows a person: progress while reading, then totals and the top endpoints per AZ.</summary>
internal sealed class RunReport(bool quiet)
{
    private const int TopRows = 15;

    public async Task<RunResult> WithProgressAsync(Func<IProgress<RunProgress>, Task<RunResult>> run)
    {
        if (quiet)
        {
            return await run(new Progress<RunProgress>()).ConfigureAwait(false);
        }

        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            RunResult? result = null;
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("reading flow logs");
                result = await run(new SynchronousProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                    task.Description = $"reading flow logs: {p.ObjectsDone}/{p.ObjectsTotal} objects, {p.Records:N0} records";
                })).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return result!;
        }

        // Not a terminal: a plain line at most every 5 s, so logs stay readable.
        long lastLog = 0;
        return await run(new SynchronousProgress(p =>
        {
            long now = Environment.TickCount64;
            if (p.ObjectsDone == p.ObjectsTotal || now - Interlocked.Read(ref lastLog) >= 5000)
            {
                Interlocked.Exchange(ref lastLog, now);
                Console.Error.WriteLine($"progress: {p.ObjectsDone}/{p.ObjectsTotal} objects, {p.Records:N0} records");
            }
        })).ConfigureAwait(false);
    }

    public void PrintSummary(RunResult result, IReadOnlyList<OutputFile> outputs, TimeSpan writing, string outputRoot, ServicePathPrices prices)
    {
        double seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-9);
        Console.WriteLine(
            $"read {result.Objects.Count - result.PrunedObjects} objects ({result.StoredBytes / 1e6:F1} MB stored), {result.Lines:N0} lines, " +
            $"{result.Records:N0} records in {result.Elapsed.TotalSeconds:F2} s ({result.Records / seconds:N0} records/s)");
        Console.WriteLine(
            $"endpoint records: {result.Aggregation.EndpointRecords:N0}; rejected lines: {result.RejectedLines:N0}; failed objects: {result.FailedObjects}" +
            (result.PrunedObjects > 0 ? $"; pruned by --from/--to: {result.PrunedObjects}" : "") +
            (result.Aggregation.TransitGatewayRecords > 0 ? $"; Transit Gateway records (not attributable): {result.Aggregation.TransitGatewayRecords:N0}" : ""));
        if (result.RejectedLines > 0 || result.FailedObjects > 0)
        {
            Console.WriteLine($"details of rejected lines and objects: {outputRoot.TrimEnd('/')}/{RunTables.Errors}/ and {outputRoot.TrimEnd('/')}/{RunManifest.Folder}/{result.Options.RunId}.json");
        }

        string where = S3.S3Location.IsS3Uri(outputRoot) ? outputRoot : Path.GetFullPath(outputRoot);
        Console.WriteLine($"wrote {outputs.Count} files under {where} in {writing.TotalSeconds:F2} s (run {result.Options.RunId})");
        if (!quiet)
        {
            PrintTopEndpoints(result.Aggregation);
        }

        PrintServicePaths(result, prices);
    }

    // service_paths needs v5 fields; from other logs, say once what to configure instead of
    // showing "no NAT traffic" that was never measured.
    private void PrintServicePaths(RunResult result, ServicePathPrices prices)
    {
        WindowAggregator aggregation = result.Aggregation;
        if (aggregation.ServiceFieldRecords == 0)
        {
            if (result.Records > 0 && !quiet)
            {
                Console.Error.WriteLine(
                    "note: gateway-endpoint and NAT savings need pkt-src-aws-service, pkt-dst-aws-service, traffic-path, pkt-srcaddr and pkt-dstaddr, "
                    + "which these logs lack: no service_paths table was written. Add them to the flow log's format, e.g. "
                    + "'${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} "
                    + "${action} ${log-status} ${vpc-id} ${subnet-id} ${az-id} ${flow-direction} ${traffic-path} ${pkt-srcaddr} ${pkt-dstaddr} "
                    + "${pkt-src-aws-service} ${pkt-dst-aws-service}'.");
            }

            return;
        }

        IReadOnlyList<ServicePathFinding> findings = ServicePathFindings.Find(aggregation, prices);
        if (quiet)
        {
            return;
        }

        if (findings.Count == 0)
        {
            Console.WriteLine("gateway endpoints: no S3 or DynamoDB traffic through NAT gateways, internet gateways or S3 interface endpoints.");
            return;
        }

        var table = new Table().Title("S3/DynamoDB traffic a free gateway endpoint would carry (estimates)")
            .AddColumn(new TableColumn("VPC").NoWrap()).AddColumn(new TableColumn("client AZ").NoWrap()).AddColumn("service")
            .AddColumn("path").AddColumn(new TableColumn("bytes").RightAligned()).AddColumn(new TableColumn("cost USD").RightAligned());
        foreach (ServicePathFinding f in findings.Take(TopRows))
        {
            table.AddRow(
                Markup.Escape(f.VpcId ?? "?"), Markup.Escape(f.AzId ?? "?"), f.Service, Markup.Escape(ServicePathTable.PathName(f.Path) ?? "?"),
                DisplayText.Bytes(f.Bytes), f.Cost is { } c ? c.ToString("F4", CultureInfo.InvariantCulture) : "-");
        }

        AnsiConsole.Write(table);
        Console.WriteLine(
            $"A gateway endpoint for S3 or DynamoDB costs nothing and would carry these bytes; NAT processing at {prices.NatGatewayPerGib} USD/GB"
            + (prices.NatGatewayPerGibByRegion.Count > 0 ? " (or the --nat-price of the region)" : "") + ", " +
            $"interface endpoint processing at {prices.InterfaceEndpointPerGib} USD/GB (--nat-price, --interface-endpoint-price). " +
            "internet_gateway_or_gateway_endpoint: traffic-path 2, which may already be a gateway endpoint.");
    }

    private static void PrintTopEndpoints(WindowAggregator aggregation)
    {
        // Endpoint-side observations only: adding the client-side ones would count flows twice.
        var rows = new Dictionary<int, (long Bytes, long Records, long Rejected, long KnownClientBytes, long CrossAzBytes)>();
        EndpointInventory inventory = aggregation.Inventory;
        foreach ((EndpointTrafficKey key, TrafficMetrics m) in aggregation.EndpointTraffic)
        {
            if (key.ObservedAt != Attribution.ObservedAt.EndpointEni)
            {
                continue;
            }

            (long bytes, long records, long rejected, long known, long cross) = rows.GetValueOrDefault(key.EndpointInterface);
            string? eniAz = inventory.Interfaces[key.EndpointInterface].AvailabilityZoneId;
            bool clientKnown = key.ClientAz >= 0;
            bool crossAz = clientKnown && aggregation.AzIds[key.ClientAz] != eniAz;
            rows[key.EndpointInterface] = (bytes + m.Bytes, records + m.Records, rejected + m.RejectedRecords,
                known + (clientKnown ? m.Bytes : 0), cross + (crossAz ? m.Bytes : 0));
        }

        if (rows.Count == 0)
        {
            Console.WriteLine("no traffic attributed to VPC interface endpoints (check --inventory)");
            return;
        }

        var table = new Table().Title("top endpoints × AZ (observed at the endpoint ENI)")
            .AddColumn(new TableColumn("endpoint").NoWrap()).AddColumn("service").AddColumn(new TableColumn("AZ").NoWrap())
            .AddColumn(new TableColumn("bytes").RightAligned()).AddColumn(new TableColumn("flows").RightAligned())
            .AddColumn(new TableColumn("reject %").RightAligned()).AddColumn(new TableColumn("cross-AZ %").RightAligned());
        foreach ((int eni, var r) in rows.OrderByDescending(r => r.Value.Bytes).Take(TopRows))
        {
            NetworkInterfaceEntry entry = inventory.Interfaces[eni];
            VpcEndpointEntry? endpoint = entry.EndpointIndex >= 0 ? inventory.Endpoints[entry.EndpointIndex] : null;
            table.AddRow(
                Markup.Escape(endpoint?.Id ?? entry.Id), Markup.Escape(DisplayText.ShortService(endpoint?.ServiceName)),
                Markup.Escape(entry.AvailabilityZoneId ?? entry.AvailabilityZone ?? "?"),
                DisplayText.Bytes(r.Bytes), r.Records.ToString("N0", CultureInfo.InvariantCulture),
                Percent(r.Rejected, r.Records), Percent(r.CrossAzBytes, r.KnownClientBytes));
        }

        if (Console.IsOutputRedirected)
        {
            // Logs have no terminal width; 80 columns would wrap every row.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);
        }

        AnsiConsole.Write(table);
    }

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and arrive late).</summary>
    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        private readonly Lock _gate = new();

        public void Report(RunProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
