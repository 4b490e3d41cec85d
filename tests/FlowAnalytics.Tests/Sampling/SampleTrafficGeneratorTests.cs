using System.Globalization;
using System.Text.Json;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Tests.Sampling;

/// <summary>A 20,000-record v5 bucket and its inventory, generated once for the traffic tests.</summary>
public sealed class SampleV5Bucket : IDisposable
{
    private readonly SampleTempDirectory _directory = new();

    public SampleV5Bucket()
    {
        SampleBucketSummary summary = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = _directory.Path, Records = 20_000, Seed = 2026, Format = SampleRecordFormat.V5,
        });
        Records = SampleTestFiles.ReadRecords(summary.Objects.Select(o => o.Path));
        using JsonDocument interfaces = JsonDocument.Parse(File.ReadAllText(summary.InventoryFiles[0]));
        foreach (JsonElement eni in interfaces.RootElement.GetProperty("NetworkInterfaces").EnumerateArray())
        {
            Interfaces[eni.GetProperty("NetworkInterfaceId").GetString()!] = eni.Clone();
        }
    }

    internal List<Dictionary<string, string>> Records { get; }

    internal Dictionary<string, JsonElement> Interfaces { get; } = new(StringComparer.Ordinal);

    public void Dispose() => _directory.Dispose();
}

public sealed class SampleTrafficGeneratorTests(SampleV5Bucket bucket) : IClassFixture<SampleV5Bucket>
{
    private static readonly HashSet<string> ReportedFlags = ["0", "1", "2", "3", "4", "6", "18", "19", "27"];

    private List<Dictionary<string, string>> Records => bucket.Records;

    private IEnumerable<Dictionary<string, string>> Traffic => Records.Where(r => r["log-status"] == "OK");

    [Fact]
    public void Next_20kRecords_IncludeEveryKindOfLine()
    {
        Assert.Equal(20_000, Records.Count);
        Assert.Contains(Records, r => r["log-status"] == "NODATA");
        Assert.Contains(Records, r => r["log-status"] == "SKIPDATA");
        Assert.Contains(Records, r => r["type"] == "IPv6");
        Assert.Contains(Records, r => r["protocol"] == "17");
        Assert.Contains(Records, r => r["protocol"] == "1" && r["srcport"] == "0" && r["dstport"] == "0");
        double rejected = Records.Count(r => r["action"] == "REJECT") / (double)Records.Count;
        Assert.InRange(rejected, 0.01, 0.06);
        // Some rejected sources lie outside the VPC (a peered VPC, on-premises).
        Assert.Contains(Records, r => r["action"] == "REJECT" && !r["srcaddr"].StartsWith("10.0.", StringComparison.Ordinal));
        Assert.True(Traffic.Count(r => r["protocol"] == "6") > Records.Count / 2);
    }

    [Fact]
    public void Next_StatusOnlyRecords_LeaveTrafficFieldsEmpty()
    {
        foreach (Dictionary<string, string> record in Records.Where(r => r["log-status"] != "OK"))
        {
            foreach (string field in new[] { "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "action", "tcp-flags", "type", "flow-direction" })
            {
                Assert.Equal("-", record[field]);
            }

            Assert.StartsWith("eni-", record["interface-id"], StringComparison.Ordinal);
            Assert.True(Number(record, "end") >= Number(record, "start"));
        }
    }

    [Fact]
    public void Next_TrafficRecords_HaveConsistentFields()
    {
        foreach (Dictionary<string, string> record in Traffic)
        {
            long duration = Number(record, "end") - Number(record, "start");
            Assert.InRange(duration, 0, 59);
            Assert.Contains(record["tcp-flags"], ReportedFlags);
            Assert.True(Number(record, "packets") >= 1);
            Assert.InRange(Number(record, "bytes") / Number(record, "packets"), 40, 9001);
            Assert.Contains(record["flow-direction"], new[] { "ingress", "egress" });
            // traffic-path is reported for egress only.
            Assert.Equal(record["flow-direction"] == "ingress", record["traffic-path"] == "-");
        }

        string[] flags = Traffic.Select(r => r["tcp-flags"]).Distinct().ToArray();
        Assert.Superset(new HashSet<string> { "2", "18", "1", "3", "19" }, flags.ToHashSet());
        Assert.Contains(flags, f => f is "4" or "6");
    }

    [Fact]
    public void Next_EveryRecord_CarriesItsInterfacesMetadata()
    {
        foreach (Dictionary<string, string> record in Records)
        {
            JsonElement eni = bucket.Interfaces[record["interface-id"]];
            Assert.Equal(eni.GetProperty("SubnetId").GetString(), record["subnet-id"]);
            Assert.Equal(eni.GetProperty("VpcId").GetString(), record["vpc-id"]);
            Assert.Equal(eni.GetProperty("AvailabilityZoneId").GetString(), record["az-id"]);
            Assert.Equal(eni.GetProperty("OwnerId").GetString(), record["account-id"]);
            Assert.Equal("us-east-1", record["region"]);
            string expectedInstance = eni.GetProperty("InterfaceType").GetString() == "interface"
                ? eni.GetProperty("Attachment").GetProperty("InstanceId").GetString()!
                : "-";
            Assert.Equal(expectedInstance, record["instance-id"]);
        }
    }

    [Fact]
    public void Next_EndpointRecords_AreLoggedAtBothEnds()
    {
        Dictionary<string, string> endpointByIp = EndpointAddresses();
        var endpointSide = Traffic.Where(r => r["interface-id"] == endpointByIp.GetValueOrDefault(r["dstaddr"]) && r["action"] == "ACCEPT").ToList();
        var clientSide = Traffic.Where(r => endpointByIp.ContainsKey(r["dstaddr"]) && r["interface-id"] != endpointByIp[r["dstaddr"]])
            .Select(Flow).ToHashSet();

        Assert.NotEmpty(endpointSide);
        Assert.All(endpointSide, r => Assert.Equal("ingress", r["flow-direction"]));
        int matched = endpointSide.Count(r => clientSide.Contains(Flow(r)));
        // Only a conversation cut at an object's end may lack its other side.
        Assert.InRange(endpointSide.Count - matched, 0, 12);
        Assert.All(Traffic.Where(r => r["interface-id"] == endpointByIp.GetValueOrDefault(r["srcaddr"])), r => Assert.Equal("egress", r["flow-direction"]));
    }

    [Fact]
    public void Next_EndpointCalls_AreMostlySameZone()
    {
        Dictionary<string, string> endpointByIp = EndpointAddresses();
        var calls = Traffic.Where(r => r["interface-id"] == endpointByIp.GetValueOrDefault(r["dstaddr"]) && r["dstport"] == "443"
            && r["srcaddr"].StartsWith("10.0.", StringComparison.Ordinal)).ToList();
        Dictionary<string, string> zoneByIp = bucket.Interfaces.Values.ToDictionary(e => e.GetProperty("PrivateIpAddress").GetString()!, e => e.GetProperty("AvailabilityZoneId").GetString()!);

        double crossZone = calls.Count(r => zoneByIp[r["srcaddr"]] != r["az-id"]) / (double)calls.Count;

        Assert.InRange(crossZone, 0.05, 0.5);
    }

    [Fact]
    public void Next_NatGatewayTraffic_NamesS3AndItsPath()
    {
        string nat = bucket.Interfaces.Values.Single(e => e.GetProperty("InterfaceType").GetString() == "nat_gateway").GetProperty("NetworkInterfaceId").GetString()!;
        string natIp = bucket.Interfaces[nat].GetProperty("PrivateIpAddress").GetString()!;

        var toS3 = Traffic.Where(r => r["interface-id"] == nat && r["pkt-dst-aws-service"] == "S3" && r["srcaddr"] == natIp).ToList();

        Assert.NotEmpty(toS3);
        Assert.All(toS3, r => Assert.Contains(r["traffic-path"], new[] { "8", "2" }));
        Assert.Contains(Traffic, r => r["interface-id"] == nat && r["pkt-dst-aws-service"] == "DYNAMODB");
        // The NAT gateway's inside leg keeps the real destination in pkt-dstaddr.
        Assert.Contains(Traffic, r => r["interface-id"] == nat && r["dstaddr"] == natIp && r["pkt-dstaddr"] != natIp);
    }

    private Dictionary<string, string> EndpointAddresses()
    {
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string id, JsonElement eni) in bucket.Interfaces.Where(p => p.Value.GetProperty("InterfaceType").GetString() == "vpc_endpoint"))
        {
            addresses[eni.GetProperty("PrivateIpAddress").GetString()!] = id;
            addresses[eni.GetProperty("Ipv6Addresses")[0].GetProperty("Ipv6Address").GetString()!] = id;
        }

        return addresses;
    }

    private static string Flow(Dictionary<string, string> r) =>
        string.Join(' ', r["srcaddr"], r["dstaddr"], r["srcport"], r["dstport"], r["protocol"], r["start"], r["packets"]);

    private static long Number(Dictionary<string, string> record, string field) => long.Parse(record[field], CultureInfo.InvariantCulture);
}
