using FlowAnalytics.Inventory;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Inventory;

public sealed class EndpointInventoryTests
{
    private static readonly EndpointInventory Fixture = InventoryFixtures.LoadAll();

    [Fact]
    public void Load_RealisticFixtures_IndexesEveryEntityInFirstSeenOrder()
    {
        Assert.Equal(
            [
                "eni-0e1000000000000a1", "eni-0e1000000000000b2", "eni-0f0000000000000a1", "eni-0a1000000000000a1",
                "eni-0e2000000000000b2", "eni-0e2000000000000c3", "eni-0e3000000000000c3", "eni-0a2000000000000b2",
                "eni-0a3000000000000c3",
            ],
            Fixture.Interfaces.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, 9), Fixture.Interfaces.Select(e => e.Index));
        Assert.Equal(
            ["vpce-0c1d2e3f405060718", "vpce-0d2e3f40506071829", "vpce-0e3f405060718293a", "vpce-0f40506071829304b"],
            Fixture.Endpoints.Select(e => e.Id));
        Assert.Equal(
            ["subnet-0a0000000000000a1", "subnet-0b1111111111111a1", "subnet-0b2222222222222b2", "subnet-0b3333333333333c3"],
            Fixture.Subnets.Select(s => s.Id));
        Assert.Equal([InventoryFixtures.Vpc], Fixture.Vpcs);
    }

    [Fact]
    public void Load_PagesInTwoFilesAndAppendedPages_EveryPageRead()
    {
        EndpointInventory secondPageOnly = EndpointInventory.Load([InventoryFixtures.PathOf("network-interfaces-page2.json")]);
        EndpointInventory endpointsOnly = EndpointInventory.Load([InventoryFixtures.PathOf("vpc-endpoints.json")]);

        Assert.Equal(5, secondPageOnly.Interfaces.Count);
        Assert.Equal(4 + 5, Fixture.Interfaces.Count);
        Assert.Equal(
            ["vpce-0c1d2e3f405060718", "vpce-0d2e3f40506071829", "vpce-0e3f405060718293a"],
            endpointsOnly.Endpoints.Select(e => e.Id));
        Assert.Equal(["eni-0e1000000000000a1", "eni-0e1000000000000b2", "eni-0e2000000000000b2", "eni-0e2000000000000c3"],
            endpointsOnly.Interfaces.Select(e => e.Id));
        Assert.All(endpointsOnly.Interfaces, e => Assert.False(e.IsDescribed));
    }

    [Fact]
    public void Load_EndpointInterface_JoinedWithEndpointSubnetAndZone()
    {
        NetworkInterfaceEntry eni = Fixture.Interfaces[1];

        Assert.Equal("eni-0e1000000000000b2", eni.Id);
        Assert.Equal(ResourceId.Parse("eni-0e1000000000000b2", "eni-"), eni.ResourceId);
        Assert.Equal("vpc_endpoint", eni.InterfaceType);
        Assert.Equal("VPC Endpoint Interface vpce-0c1d2e3f405060718", eni.Description);
        Assert.Equal(InventoryFixtures.Vpc, eni.VpcId);
        Assert.Equal(0, eni.VpcIndex);
        Assert.Equal("subnet-0b2222222222222b2", eni.SubnetId);
        Assert.Equal(2, eni.SubnetIndex);
        Assert.Equal("us-east-1b", eni.AvailabilityZone);
        Assert.Equal("use1-az1", eni.AvailabilityZoneId);
        Assert.Equal("us-east-1", eni.Region);
        Assert.Equal(InventoryFixtures.Account, eni.OwnerId);
        Assert.Equal([FlowAddress.Parse("10.0.32.40"), FlowAddress.Parse("2600:1f18:4a3b:6c20:5d1:c2e0:77a1:40")], eni.Addresses);
        Assert.True(eni.IsEndpointInterface);
        Assert.True(eni.IsDescribed);
        Assert.Equal(0, eni.EndpointIndex);

        VpcEndpointEntry endpoint = Fixture.Endpoints[eni.EndpointIndex];
        Assert.Equal("vpce-0c1d2e3f405060718", endpoint.Id);
        Assert.Equal("Interface", endpoint.Type);
        Assert.Equal("com.amazonaws.us-east-1.s3", endpoint.ServiceName);
        Assert.Equal("available", endpoint.State);
        Assert.Equal("us-east-1", endpoint.Region);
        Assert.Equal(InventoryFixtures.Account, endpoint.OwnerId);
        Assert.Equal(["subnet-0b1111111111111a1", "subnet-0b2222222222222b2"], endpoint.SubnetIds);
        Assert.Equal(["eni-0e1000000000000a1", "eni-0e1000000000000b2"], endpoint.NetworkInterfaceIds);
        Assert.True(endpoint.IsDescribed);
    }

    [Fact]
    public void Load_InterfaceWithoutZoneId_TakesZoneIdFromSubnet()
    {
        NetworkInterfaceEntry eni = Fixture.Interfaces[4];

        Assert.Equal("eni-0e2000000000000b2", eni.Id);
        Assert.Equal("us-east-1b", eni.AvailabilityZone);
        Assert.Equal("use1-az1", eni.AvailabilityZoneId);
        Assert.Equal(2, eni.EndpointIndex);
        Assert.Equal("com.amazonaws.us-east-1.secretsmanager", Fixture.Endpoints[2].ServiceName);
    }

    [Fact]
    public void Load_EndpointMissingFromDescribeVpcEndpoints_KnownFromDescription()
    {
        NetworkInterfaceEntry eni = Fixture.Interfaces[6];
        VpcEndpointEntry endpoint = Fixture.Endpoints[3];

        Assert.True(eni.IsEndpointInterface);
        Assert.Equal(3, eni.EndpointIndex);
        Assert.Equal("use1-az2", eni.AvailabilityZoneId);
        Assert.Equal("vpce-0f40506071829304b", endpoint.Id);
        Assert.False(endpoint.IsDescribed);
        Assert.Null(endpoint.ServiceName);
        Assert.Null(endpoint.Type);
        Assert.Null(endpoint.State);
        Assert.Equal(InventoryFixtures.Vpc, endpoint.VpcId);
        Assert.Equal(InventoryFixtures.Account, endpoint.OwnerId);
        Assert.Equal("us-east-1", endpoint.Region);
        Assert.Equal(["eni-0e3000000000000c3"], endpoint.NetworkInterfaceIds);
        Assert.Equal(["subnet-0b3333333333333c3"], endpoint.SubnetIds);
    }

    [Fact]
    public void Load_NatGatewayAndInstanceInterfaces_AreNotEndpointInterfaces()
    {
        NetworkInterfaceEntry nat = Fixture.Interfaces[2];
        NetworkInterfaceEntry instance = Fixture.Interfaces[3];

        Assert.Equal("nat_gateway", nat.InterfaceType);
        Assert.False(nat.IsEndpointInterface);
        Assert.Equal(-1, nat.EndpointIndex);
        Assert.Equal(0, nat.SubnetIndex);
        Assert.Equal("use1-az4", nat.AvailabilityZoneId);
        Assert.Equal([FlowAddress.Parse("10.0.0.12")], nat.Addresses);
        Assert.False(instance.IsEndpointInterface);
        Assert.Equal(
            [FlowAddress.Parse("10.0.16.100"), FlowAddress.Parse("10.0.16.101"), FlowAddress.Parse("2600:1f18:4a3b:6c10::100")],
            instance.Addresses);
    }

    [Fact]
    public void Load_InterfaceInUnlistedSubnet_KeepsOwnZoneId()
    {
        NetworkInterfaceEntry lambda = Fixture.Interfaces[8];

        Assert.Equal("lambda", lambda.InterfaceType);
        Assert.Equal("subnet-0c9999999999999c9", lambda.SubnetId);
        Assert.Equal(-1, lambda.SubnetIndex);
        Assert.Equal("us-east-1c", lambda.AvailabilityZone);
        Assert.Equal("use1-az2", lambda.AvailabilityZoneId);
        Assert.Equal(0, lambda.VpcIndex);
    }

    [Fact]
    public void Load_Subnets_KeepAssociatedBlocksOnly()
    {
        SubnetEntry subnet = Fixture.Subnets[3];

        Assert.Equal(3, subnet.Index);
        Assert.Equal("us-east-1c", subnet.AvailabilityZone);
        Assert.Equal("use1-az2", subnet.AvailabilityZoneId);
        Assert.Equal("us-east-1", subnet.Region);
        Assert.Equal(0, subnet.VpcIndex);
        Assert.Equal(InventoryFixtures.Account, subnet.OwnerId);
        Assert.Equal(["10.0.48.0/20", "2600:1f18:4a3b:6c30::/64"], subnet.CidrBlocks.Select(b => b.ToString()));
    }

    [Fact]
    public void Load_FilesInAnyOrder_SameJoinsDetectedByContent()
    {
        EndpointInventory reordered = EndpointInventory.Load(
            new[] { "subnets.json", "vpc-endpoints.json", "network-interfaces-page2.json", "network-interfaces-page1.json" }
                .Select(InventoryFixtures.PathOf));

        Assert.Equal("eni-0e2000000000000b2", reordered.Interfaces[0].Id);
        foreach (NetworkInterfaceEntry expected in Fixture.Interfaces)
        {
            Assert.True(reordered.TryFindInterface(expected.ResourceId, out int index));
            NetworkInterfaceEntry actual = reordered.Interfaces[index];
            Assert.Equal(expected.AvailabilityZoneId, actual.AvailabilityZoneId);
            Assert.Equal(expected.SubnetId, actual.SubnetId);
            Assert.Equal(expected.IsEndpointInterface, actual.IsEndpointInterface);
            string? expectedEndpoint = expected.EndpointIndex < 0 ? null : Fixture.Endpoints[expected.EndpointIndex].Id;
            string? actualEndpoint = actual.EndpointIndex < 0 ? null : reordered.Endpoints[actual.EndpointIndex].Id;
            Assert.Equal(expectedEndpoint, actualEndpoint);
        }
    }

    [Fact]
    public void TryFindInterface_KnownAndUnknownIds_IndexOrMiss()
    {
        Assert.True(Fixture.TryFindInterface(ResourceId.Parse("eni-0e2000000000000c3", "eni-"), out int index));
        Assert.Equal(5, index);
        Assert.False(Fixture.TryFindInterface(ResourceId.Parse("eni-0e2000000000000c4", "eni-"), out index));
        Assert.Equal(-1, index);

        // Same hex value, different digit count: a different id.
        Assert.False(Fixture.TryFindInterface(ResourceId.Parse("eni-e2000000000000c3", "eni-"), out _));
    }

    [Theory]
    [InlineData("10.0.16.25", 0)]
    [InlineData("2600:1f18:4a3b:6c10:8f3e:21d4:9b7a:1a2b", 0)]
    [InlineData("10.0.32.40", 1)]
    [InlineData("::ffff:10.0.32.40", 1)]
    [InlineData("10.0.48.9", 5)]
    [InlineData("10.0.48.200", 6)]
    public void TryFindEndpointInterface_EndpointAddress_ItsInterface(string address, int expected)
    {
        Assert.True(Fixture.TryFindEndpointInterface(FlowAddress.Parse(address), out int index));
        Assert.Equal(expected, index);
    }

    [Theory]
    [InlineData("10.0.0.12")]
    [InlineData("10.0.16.100")]
    [InlineData("2600:1f18:4a3b:6c10::100")]
    [InlineData("10.0.16.26")]
    [InlineData("::a00:1019")]
    public void TryFindEndpointInterface_OtherAddress_Misses(string address)
    {
        Assert.False(Fixture.TryFindEndpointInterface(FlowAddress.Parse(address), out int index));
        Assert.Equal(-1, index);
    }

    [Theory]
    [InlineData("10.0.0.77", 0, "use1-az4")]
    [InlineData("10.0.20.3", 1, "use1-az4")]
    [InlineData("10.0.47.255", 2, "use1-az1")]
    [InlineData("10.0.48.0", 3, "use1-az2")]
    [InlineData("2600:1f18:4a3b:6c20::beef", 2, "use1-az1")]
    [InlineData("2600:1f18:4a3b:6c30:ffff:ffff:ffff:ffff", 3, "use1-az2")]
    public void TryFindSubnet_ClientAddress_SubnetAndZone(string address, int expected, string zoneId)
    {
        Assert.True(Fixture.TryFindSubnet(FlowAddress.Parse(address), out int index));
        Assert.Equal(expected, index);
        Assert.Equal(zoneId, Fixture.Subnets[index].AvailabilityZoneId);
    }

    [Theory]
    [InlineData("10.0.64.5")]
    [InlineData("10.1.16.5")]
    [InlineData("2600:1f18:4a3b:6cff::1")]
    [InlineData("2600:1f18:4a3b:6c40::1")]
    public void TryFindSubnet_OutsideKnownSubnets_Misses(string address)
    {
        Assert.False(Fixture.TryFindSubnet(FlowAddress.Parse(address), out int index));
        Assert.Equal(-1, index);
    }

    [Fact]
    public void Empty_EveryLookup_Misses()
    {
        EndpointInventory empty = EndpointInventory.Empty;

        Assert.Empty(empty.Interfaces);
        Assert.False(empty.TryFindInterface(ResourceId.Parse("eni-0e1000000000000a1", "eni-"), out _));
        Assert.False(empty.TryFindEndpointInterface(FlowAddress.Parse("10.0.16.25"), out _));
        Assert.False(empty.TryFindSubnet(FlowAddress.Parse("10.0.16.25"), out _));
        Assert.False(empty.TryFindSubnet(FlowAddress.Parse("2600::1"), 0, out _));
    }

    [Fact]
    public void Lookups_SteadyState_AllocateNothing()
    {
        ResourceId[] ids = [.. Fixture.Interfaces.Select(e => e.ResourceId), ResourceId.Parse("eni-0123", "eni-")];
        FlowAddress[] addresses =
        [
            FlowAddress.Parse("10.0.16.25"), FlowAddress.Parse("10.0.20.3"), FlowAddress.Parse("10.9.0.1"),
            FlowAddress.Parse("2600:1f18:4a3b:6c10:8f3e:21d4:9b7a:1a2b"), FlowAddress.Parse("2600:1f18:4a3b:6c30::7"),
            FlowAddress.Parse("2001:db8::1"),
        ];
        // Warm up past tiering, then measure five windows, as the reader's allocation test does:
        // installing re-jitted code can allocate on the calling thread once per method tiered up (a
        // fresh clone's CI run saw 6,960 bytes in one window), a per-lookup allocation in every window.
        RunLookups(ids, addresses, 3_000);
        long allocated = long.MaxValue;
        int hits = 0;
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            hits = RunLookups(ids, addresses, 90_000);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);

        // Every 30 rounds: 27 of 30 ids known; each address comes 5 times, 2 of the 6 are endpoint ENIs and 4 are in
        // subnets, each looked up with and without a preferred VPC: 27 + 5 * 2 * 2 + 5 * 4 * 2 = 87.
        Assert.Equal(3_000 * 87, hits);
    }

    private static int RunLookups(ResourceId[] ids, FlowAddress[] addresses, int count)
    {
        int hits = 0;
        for (int i = 0; i < count; i++)
        {
            hits += Fixture.TryFindInterface(ids[i % ids.Length], out _) ? 1 : 0;
            FlowAddress address = addresses[i % addresses.Length];
            hits += Fixture.TryFindEndpointInterface(address, out _) ? 1 : 0;
            hits += Fixture.TryFindEndpointInterface(address, 0, out _) ? 1 : 0;
            hits += Fixture.TryFindSubnet(address, out _) ? 1 : 0;
            hits += Fixture.TryFindSubnet(address, 0, out _) ? 1 : 0;
        }

        return hits;
    }
}
