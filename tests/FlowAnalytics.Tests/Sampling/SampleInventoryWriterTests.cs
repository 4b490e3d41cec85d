using System.Text.Json;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Tests.Sampling;

public sealed class SampleInventoryWriterTests : IDisposable
{
    private readonly SampleTempDirectory _directory = new();
    private readonly JsonDocument _interfaces;
    private readonly JsonDocument _endpoints;
    private readonly JsonDocument _subnets;

    public SampleInventoryWriterTests()
    {
        IReadOnlyList<string> paths = SampleInventoryWriter.Write(SampleScenario.Create(11), _directory.Path, new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc));
        _interfaces = JsonDocument.Parse(File.ReadAllText(paths[0]));
        _endpoints = JsonDocument.Parse(File.ReadAllText(paths[1]));
        _subnets = JsonDocument.Parse(File.ReadAllText(paths[2]));
    }

    private IEnumerable<JsonElement> Interfaces => _interfaces.RootElement.GetProperty("NetworkInterfaces").EnumerateArray();

    private IEnumerable<JsonElement> Endpoints => _endpoints.RootElement.GetProperty("VpcEndpoints").EnumerateArray();

    private IEnumerable<JsonElement> Subnets => _subnets.RootElement.GetProperty("Subnets").EnumerateArray();

    public void Dispose()
    {
        _interfaces.Dispose();
        _endpoints.Dispose();
        _subnets.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Write_ThreeFiles_HaveTheAwsCliTopLevelKeys()
    {
        Assert.Equal(["NetworkInterfaces"], _interfaces.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["VpcEndpoints"], _endpoints.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["Subnets"], _subnets.RootElement.EnumerateObject().Select(p => p.Name));
        // The CLI indents by four spaces.
        Assert.StartsWith("{\n    \"NetworkInterfaces\": [\n        {", File.ReadAllText(Path.Combine(_directory.Path, "describe-network-interfaces.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Ids_AreLongHexIds()
    {
        Assert.All(Interfaces, eni => Assert.Matches("^eni-[0-9a-f]{17}$", S(eni, "NetworkInterfaceId")));
        Assert.All(Interfaces, eni => Assert.Matches("^vpc-[0-9a-f]{17}$", S(eni, "VpcId")));
        Assert.All(Subnets, subnet => Assert.Matches("^subnet-[0-9a-f]{17}$", S(subnet, "SubnetId")));
        Assert.All(Endpoints, endpoint => Assert.Matches("^vpce-[0-9a-f]{17}$", S(endpoint, "VpcEndpointId")));
        Assert.All(Interfaces.Where(e => S(e, "InterfaceType") == "interface"),
            eni => Assert.Matches("^i-[0-9a-f]{17}$", eni.GetProperty("Attachment").GetProperty("InstanceId").GetString()));
        Assert.All(Interfaces, eni => Assert.Matches(@"^\d{12}$", S(eni, "OwnerId")));
    }

    [Fact]
    public void Write_Subnets_SpanThreeZonesWithIpv4AndIpv6()
    {
        var zones = Subnets.Select(s => (S(s, "AvailabilityZone"), S(s, "AvailabilityZoneId"))).Distinct().Order().ToArray();

        Assert.Equal([("us-east-1a", "use1-az1"), ("us-east-1b", "use1-az2"), ("us-east-1c", "use1-az4")], zones);
        Assert.All(Subnets, subnet =>
        {
            Assert.True(SampleTestFiles.InCidr(S(subnet, "CidrBlock").Split('/')[0], "10.0.0.0/16"));
            JsonElement ipv6 = Assert.Single(subnet.GetProperty("Ipv6CidrBlockAssociationSet").EnumerateArray());
            Assert.EndsWith("/64", S(ipv6, "Ipv6CidrBlock"), StringComparison.Ordinal);
            Assert.Equal("associated", ipv6.GetProperty("Ipv6CidrBlockState").GetProperty("State").GetString());
        });
        // A /20 per AZ for the endpoints and one for the clients.
        Assert.Equal(6, Subnets.Count(s => S(s, "CidrBlock").EndsWith("/20", StringComparison.Ordinal)));
    }

    [Fact]
    public void Write_EveryInterface_LiesInItsSubnet()
    {
        Dictionary<string, JsonElement> subnets = Subnets.ToDictionary(s => S(s, "SubnetId"));

        Assert.All(Interfaces, eni =>
        {
            JsonElement subnet = subnets[S(eni, "SubnetId")];
            Assert.Equal(S(subnet, "AvailabilityZone"), S(eni, "AvailabilityZone"));
            Assert.Equal(S(subnet, "AvailabilityZoneId"), S(eni, "AvailabilityZoneId"));
            Assert.Equal(S(subnet, "VpcId"), S(eni, "VpcId"));
            Assert.True(SampleTestFiles.InCidr(S(eni, "PrivateIpAddress"), S(subnet, "CidrBlock")));
            JsonElement primary = Assert.Single(eni.GetProperty("PrivateIpAddresses").EnumerateArray());
            Assert.True(primary.GetProperty("Primary").GetBoolean());
            Assert.Equal(S(eni, "PrivateIpAddress"), S(primary, "PrivateIpAddress"));
            string ipv6Cidr = S(subnet.GetProperty("Ipv6CidrBlockAssociationSet")[0], "Ipv6CidrBlock");
            Assert.True(SampleTestFiles.InCidr(S(eni.GetProperty("Ipv6Addresses")[0], "Ipv6Address"), ipv6Cidr));
        });
        Assert.Equal(Interfaces.Count(), Interfaces.Select(e => S(e, "PrivateIpAddress")).Distinct().Count());
    }

    [Fact]
    public void Write_Endpoints_MatchTheirInterfaces()
    {
        Dictionary<string, JsonElement> interfaces = Interfaces.ToDictionary(e => S(e, "NetworkInterfaceId"));
        var zonesPerEndpoint = new List<int>();

        Assert.InRange(Endpoints.Count(), 4, 5);
        foreach (JsonElement endpoint in Endpoints)
        {
            string id = S(endpoint, "VpcEndpointId");
            Assert.Equal("Interface", S(endpoint, "VpcEndpointType"));
            Assert.Equal("available", S(endpoint, "State"));
            Assert.Matches(@"^com\.amazonaws\.us-east-1\.[a-z0-9.]+$", S(endpoint, "ServiceName"));
            string[] eniIds = Strings(endpoint, "NetworkInterfaceIds");
            string[] subnetIds = Strings(endpoint, "SubnetIds");
            Assert.Equal(eniIds.Length, subnetIds.Length);
            foreach (string eniId in eniIds)
            {
                JsonElement eni = interfaces[eniId];
                Assert.Equal("vpc_endpoint", S(eni, "InterfaceType"));
                Assert.Equal($"VPC Endpoint Interface {id}", S(eni, "Description"));
                Assert.Contains(S(eni, "SubnetId"), subnetIds);
                Assert.Equal(S(endpoint, "VpcId"), S(eni, "VpcId"));
            }

            zonesPerEndpoint.Add(eniIds.Select(e => S(interfaces[e], "AvailabilityZoneId")).Distinct().Count());
        }

        Assert.Contains(1, zonesPerEndpoint);
        Assert.True(zonesPerEndpoint.Count(z => z == 3) >= 3);
        Assert.Equal(Endpoints.Sum(e => Strings(e, "NetworkInterfaceIds").Length), Interfaces.Count(e => S(e, "InterfaceType") == "vpc_endpoint"));
    }

    [Fact]
    public void Write_ClientsAndNatGateway_Exist()
    {
        var clients = Interfaces.Where(e => S(e, "InterfaceType") == "interface").ToList();

        Assert.Equal(3, clients.Select(c => S(c, "AvailabilityZone")).Distinct().Count());
        JsonElement nat = Assert.Single(Interfaces, e => S(e, "InterfaceType") == "nat_gateway");
        Assert.Matches("^Interface for NAT Gateway nat-[0-9a-f]{17}$", S(nat, "Description"));
        Assert.All(Interfaces, e => Assert.Equal("in-use", S(e, "Status")));
    }

    private static string S(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static string[] Strings(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
