using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Parquet;
using static FlowAnalytics.Tests.Attribution.AttributionInventory;

namespace FlowAnalytics.Tests.Aggregation;

/// <summary>
/// <c>service_paths</c> and the gateway-endpoint findings over crafted v5 logs: a NAT gateway's four
/// legs (only the two inside ones count), internet-gateway and gateway-endpoint egress, ingress
/// without a path, an S3 interface endpoint; and nothing made up from logs without the fields.
/// </summary>
public sealed class ServicePathTests : IDisposable
{
    private const string NatEni = "eni-0f00000000000f001";
    private const string NatIPv4 = "10.2.3.99";
    private const long W = 1_800_000_000;
    private const string V5Header =
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status flow-direction traffic-path pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service";

    private readonly TempDirectory _temp = new();
    private readonly EndpointInventory _inventory;

    public ServicePathTests()
    {
        // A NAT gateway's ENI on a page of its own: describe-* pages may be split over files.
        string nat = Path.Combine(_temp.Path, "describe-network-interfaces-nat.json");
        File.WriteAllText(nat, $$"""
            { "NetworkInterfaces": [ {
                "AvailabilityZone": "us-east-1c", "AvailabilityZoneId": "use1-az3", "Description": "Interface for NAT Gateway nat-0a1b2c3d4e5f60001",
                "InterfaceType": "nat_gateway", "NetworkInterfaceId": "{{NatEni}}", "OwnerId": "{{Account}}", "PrivateIpAddress": "{{NatIPv4}}",
                "PrivateIpAddresses": [ { "Primary": true, "PrivateIpAddress": "{{NatIPv4}}" } ], "RequesterManaged": true,
                "SubnetId": "{{SubnetC3}}", "VpcId": "{{Vpc}}" } ] }
            """);
        _inventory = EndpointInventory.Load([.. WriteTo(_temp.Path), nat]);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Build_CraftedV5Logs_OneRowPerLegAndPathExactly()
    {
        RunResult result = await RunAsync(V5Header,
            // The instance's own view of its NAT'd S3 request: through another resource (path 1), left to the NAT.
            Line(ClientEni, ClientIPv4, "52.216.1.1", 10, 1000, "egress", "1", ClientIPv4, "52.216.1.1", "-", "S3"),
            // The NAT's four legs: inside request, outside request, outside response, inside response.
            Line(NatEni, ClientIPv4, NatIPv4, 10, 1000, "ingress", "-", ClientIPv4, "52.216.1.1", "-", "S3"),
            Line(NatEni, NatIPv4, "52.216.1.1", 10, 1000, "egress", "8", NatIPv4, "52.216.1.1", "-", "S3"),
            Line(NatEni, "52.216.1.1", NatIPv4, 20, 5000, "ingress", "-", "52.216.1.1", NatIPv4, "S3", "-"),
            Line(NatEni, NatIPv4, ClientIPv4, 20, 5000, "egress", "1", "52.216.1.1", ClientIPv4, "S3", "-"),
            Line(ClientEni, ClientIPv4, "3.218.1.1", 3, 300, "egress", "8", ClientIPv4, "3.218.1.1", "-", "DYNAMODB"),
            Line(ClientEni, ClientIPv4, "52.216.2.2", 4, 400, "egress", "7", ClientIPv4, "52.216.2.2", "-", "S3"),
            Line(ClientEni, "52.216.2.2", ClientIPv4, 6, 600, "ingress", "-", "52.216.2.2", ClientIPv4, "S3", "-"),
            Line(ClientEni, ClientIPv4, "54.239.1.1", 1, 100, "egress", "2", ClientIPv4, "54.239.1.1", "-", "EC2"),
            Line(EndpointEni, ClientIPv4, EndpointIPv4, 7, 700, "ingress", "-", ClientIPv4, EndpointIPv4, "-", "-"),
            Line(EndpointEni, EndpointIPv4, ClientIPv4, 8, 800, "egress", "-", EndpointIPv4, ClientIPv4, "-", "-"));

        SummaryTable table = ServicePathTable.Build(result.Aggregation);

        Assert.Equal(
            [
                $"{SubnetB2} use1-az2 DYNAMODB internet_gateway to_service 1 3 300",
                $"{SubnetB2} use1-az2 EC2 internet_gateway_or_gateway_endpoint to_service 1 1 100",
                $"{SubnetB2} use1-az2 S3 - from_service 1 6 600",
                $"{SubnetB2} use1-az2 S3 gateway_endpoint to_service 1 4 400",
                $"{SubnetB2} use1-az2 S3 interface_endpoint from_service 1 8 800",
                $"{SubnetB2} use1-az2 S3 interface_endpoint to_service 1 7 700",
                $"{SubnetB2} use1-az2 S3 nat_gateway from_service 1 20 5000",
                $"{SubnetB2} use1-az2 S3 nat_gateway to_service 1 10 1000",
            ],
            Rows(table));
        Assert.All(table["window_start"].Int64Values!, w => Assert.Equal(W * 1_000_000, w));
        Assert.All(table["vpc_id"].StringValues!, v => Assert.Equal(Vpc, v));
        Assert.All(table["account_id"].StringValues!, v => Assert.Equal(Account, v));
        Assert.Contains(RunTables.Build(result), t => t.Table.Name == ServicePathTable.Name);
    }

    [Fact]
    public async Task Find_CraftedV5Logs_NatInternetGatewayAndS3InterfaceEndpointWithTheirCosts()
    {
        RunResult result = await RunAsync(V5Header,
            Line(NatEni, ClientIPv4, NatIPv4, 10, 1L << 30, "ingress", "-", ClientIPv4, "52.216.1.1", "-", "S3"),
            Line(NatEni, NatIPv4, ClientIPv4, 20, 1L << 31, "egress", "1", "52.216.1.1", ClientIPv4, "S3", "-"),
            Line(ClientEni, ClientIPv4, "3.218.1.1", 3, 300, "egress", "8", ClientIPv4, "3.218.1.1", "-", "DYNAMODB"),
            Line(ClientEni, ClientIPv4, "52.216.2.2", 4, 400, "egress", "7", ClientIPv4, "52.216.2.2", "-", "S3"),
            Line(EndpointEni, ClientIPv4, EndpointIPv4, 7, 1L << 29, "ingress", "-", ClientIPv4, EndpointIPv4, "-", "-"));

        IReadOnlyList<ServicePathFinding> findings = ServicePathFindings.Find(result.Aggregation, new ServicePathPrices { NatGatewayPerGib = 0.0625 });

        Assert.Equal(
            [
                new ServicePathFinding(Vpc, "use1-az2", "S3", ServicePath.NatGateway, 3L << 30, 0.1875),
                new ServicePathFinding(Vpc, "use1-az2", "S3", ServicePath.InterfaceEndpoint, 1L << 29, 0.005),
                new ServicePathFinding(Vpc, "use1-az2", "DYNAMODB", ServicePath.InternetGateway, 300, null),
            ],
            findings);
    }

    [Fact]
    public void WithNatPrices_DefaultAndRegionPrices_ThePriceOfEachRegion()
    {
        ServicePathPrices prices = new ServicePathPrices().WithNatPrices(["0.05", "eu-west-1=0.048", "ap-south-1=0.056"]);

        Assert.Equal(0.05, prices.NatGatewayPerGibIn("us-east-1"));
        Assert.Equal(0.048, prices.NatGatewayPerGibIn("eu-west-1"));
        Assert.Equal(0.056, prices.NatGatewayPerGibIn("ap-south-1"));
        Assert.Equal(0.05, prices.NatGatewayPerGibIn(null));
        Assert.Equal(0.045, new ServicePathPrices().NatGatewayPerGibIn("eu-west-1"));
    }

    [Theory]
    [InlineData("cheap")]
    [InlineData("=0.04")]
    [InlineData("eu-west-1=")]
    [InlineData("-0.04")]
    public void WithNatPrices_NotAPrice_ThrowsNamingIt(string value)
    {
        FormatException e = Assert.Throws<FormatException>(() => new ServicePathPrices().WithNatPrices([value]));
        Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_RegionPrice_CostsTheNatBytesAtThatPrice()
    {
        RunResult result = await RunAsync(V5Header,
            Line(NatEni, ClientIPv4, NatIPv4, 10, 1L << 30, "ingress", "-", ClientIPv4, "52.216.1.1", "-", "S3"));
        string region = _inventory.Subnets[SubnetIndex(_inventory, SubnetB2)].Region!;

        ServicePathFinding finding = Assert.Single(ServicePathFindings.Find(result.Aggregation, new ServicePathPrices().WithNatPrices([$"{region}=0.25"])));

        Assert.Equal(0.25, finding.Cost);
    }

    [Fact]
    public async Task Build_DefaultFormatLogs_NoServicePathsTable()
    {
        RunResult result = await RunAsync(
            "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
            $"2 {Account} {EndpointEni} {ClientIPv4} {EndpointIPv4} 40000 443 6 7 700 {W} {W + 30} ACCEPT OK");

        Assert.Equal(0, result.Aggregation.ServiceFieldRecords);
        Assert.Empty(result.Aggregation.ServicePaths);
        Assert.DoesNotContain(RunTables.Build(result), t => t.Table.Name == ServicePathTable.Name);
    }

    [Fact]
    public async Task Build_ClientsOutsideKnownSubnetsAtTwoEnisOfOneVpc_OneRowWithBothCounts()
    {
        // Without a client subnet a leg is keyed by its ENI for the account, region and VPC; two
        // ENIs of one VPC give rows that only the ENI told apart, and the table shows no ENI.
        string secondEni = Path.Combine(_temp.Path, "describe-network-interfaces-second.json");
        File.WriteAllText(secondEni, $$"""
            { "NetworkInterfaces": [ {
                "AvailabilityZone": "us-east-1b", "AvailabilityZoneId": "use1-az2", "Description": "",
                "InterfaceType": "interface", "NetworkInterfaceId": "eni-0c00000000000c102", "OwnerId": "{{Account}}", "PrivateIpAddress": "10.1.2.51",
                "PrivateIpAddresses": [ { "Primary": true, "PrivateIpAddress": "10.1.2.51" } ],
                "SubnetId": "{{SubnetB2}}", "VpcId": "{{Vpc}}" } ] }
            """);
        var inventory = EndpointInventory.Load([.. Directory.GetFiles(_temp.Path, "*.json")]);

        RunResult result = await RunAsync(inventory, V5Header,
            Line(ClientEni, "172.31.9.9", "52.216.2.2", 4, 400, "egress", "7", "172.31.9.9", "52.216.2.2", "-", "S3"),
            Line("eni-0c00000000000c102", "172.31.9.8", "52.216.2.2", 5, 500, "egress", "7", "172.31.9.8", "52.216.2.2", "-", "S3"),
            Line(ClientEni, "172.31.9.7", "52.216.2.2", 6, 600, "egress", "7", "172.31.9.7", "52.216.2.2", "-", "S3"));

        SummaryTable table = ServicePathTable.Build(result.Aggregation);

        Assert.Equal(["- - S3 gateway_endpoint to_service 3 15 1500"], Rows(table));
        Assert.Equal(Vpc, Assert.Single(table["vpc_id"].StringValues!));
    }

    [Fact]
    public async Task Merge_ServicePathTablesOfTwoRuns_AddsTheCounts()
    {
        string line = Line(ClientEni, ClientIPv4, "52.216.2.2", 4, 400, "egress", "7", ClientIPv4, "52.216.2.2", "-", "S3");
        SummaryTable once = ServicePathTable.Build((await RunAsync(V5Header, line)).Aggregation);

        SummaryTable merged = SummaryRowMerger.Merge([once, once]);

        Assert.Equal([$"{SubnetB2} use1-az2 S3 gateway_endpoint to_service 2 8 800"], Rows(merged));
    }

    private static string Line(
        string eni, string src, string dst, long packets, long bytes, string direction, string path, string pktSrc, string pktDst, string srcService, string dstService) =>
        $"5 {Account} {eni} {src} {dst} 40000 443 6 {packets} {bytes} {W} {W + 30} ACCEPT OK {direction} {path} {pktSrc} {pktDst} {srcService} {dstService}";

    private Task<RunResult> RunAsync(params string[] lines) => RunAsync(_inventory, lines);

    private async Task<RunResult> RunAsync(EndpointInventory inventory, params string[] lines)
    {
        string file = Path.Combine(_temp.Path, $"{Guid.NewGuid():N}.log");
        await File.WriteAllLinesAsync(file, lines);
        return await FlowLogJob.RunAsync(new LocalFileSource([file]), inventory, new RunOptions { RunId = "t", Workers = 1 });
    }

    private static string[] Rows(SummaryTable table) =>
        [.. Enumerable.Range(0, table.RowCount).Select(r => string.Join(' ',
            new[] { "subnet_id", "az_id", "aws_service", "path", "direction" }.Select(c => table[c].StringValues![r] ?? "-")
                .Concat(new[] { "records", "packets", "bytes" }.Select(c => table[c].Int64Values![r]!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))))];
}
