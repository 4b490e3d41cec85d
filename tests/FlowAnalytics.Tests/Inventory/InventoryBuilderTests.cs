using FlowAnalytics.Inventory;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Inventory;

public sealed class InventoryBuilderTests
{
    [Fact]
    public void Build_ListedInNetworkInterfaceIds_JoinedWithoutDescription()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"VpcEndpoints": [{"VpcEndpointId": "vpce-0a1", "VpcEndpointType": "GatewayLoadBalancer", "ServiceName": "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789", "NetworkInterfaceIds": ["eni-0b2"]}]}""",
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b2", "InterfaceType": "gateway_load_balancer_endpoint", "Description": "", "PrivateIpAddress": "10.1.0.5"}]}""");

        NetworkInterfaceEntry eni = Assert.Single(inventory.Interfaces);
        Assert.True(eni.IsEndpointInterface);
        Assert.Equal(0, eni.EndpointIndex);
        Assert.Equal("eu-west-1", eni.Region);
        Assert.Equal("GatewayLoadBalancer", inventory.Endpoints[0].Type);
        Assert.True(inventory.TryFindEndpointInterface(FlowAddress.Parse("10.1.0.5"), out int index));
        Assert.Equal(0, index);
    }

    [Fact]
    public void Build_DescriptionOnly_JoinedToDescribedEndpoint()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b2", "Description": "VPC Endpoint Interface vpce-0a1", "InterfaceType": "interface"}]}""",
            """{"VpcEndpoints": [{"VpcEndpointId": "vpce-0a1", "VpcEndpointType": "Interface", "ServiceName": "com.amazonaws.ap-southeast-2.ecr.dkr", "NetworkInterfaceIds": []}]}""");

        NetworkInterfaceEntry eni = Assert.Single(inventory.Interfaces);
        VpcEndpointEntry endpoint = Assert.Single(inventory.Endpoints);
        Assert.True(eni.IsEndpointInterface);
        Assert.Equal(0, eni.EndpointIndex);
        Assert.True(endpoint.IsDescribed);
        Assert.Equal("com.amazonaws.ap-southeast-2.ecr.dkr", endpoint.ServiceName);
        Assert.Equal("ap-southeast-2", eni.Region);
        Assert.Empty(endpoint.NetworkInterfaceIds);
    }

    [Fact]
    public void Build_ListingDisagreesWithDescription_ListingWins()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"VpcEndpoints": [{"VpcEndpointId": "vpce-0a1", "NetworkInterfaceIds": []}, {"VpcEndpointId": "vpce-0a2", "NetworkInterfaceIds": ["eni-0b2"]}]}""",
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b2", "Description": "VPC Endpoint Interface vpce-0a1"}]}""");

        Assert.Equal(1, inventory.Interfaces[0].EndpointIndex);
        Assert.Equal(2, inventory.Endpoints.Count);
    }

    [Fact]
    public void Build_ServiceNameWithoutRegion_EndpointRegionFromInterfaceZone()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"VpcEndpoints": [{"VpcEndpointId": "vpce-0a1", "ServiceName": "com.example.partner-service", "NetworkInterfaceIds": ["eni-0b2"]}]}""",
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b2", "AvailabilityZone": "sa-east-1a"}]}""");

        Assert.Equal("sa-east-1", inventory.Endpoints[0].Region);
        Assert.Equal("sa-east-1", inventory.Interfaces[0].Region);
    }

    [Fact]
    public void Build_VpcEndpointTypeWithoutEndpointId_EndpointInterfaceWithoutEndpoint()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b2", "InterfaceType": "vpc_endpoint", "PrivateIpAddress": "10.0.0.5"}]}""");

        NetworkInterfaceEntry eni = Assert.Single(inventory.Interfaces);
        Assert.True(eni.IsEndpointInterface);
        Assert.Equal(-1, eni.EndpointIndex);
        Assert.Empty(inventory.Endpoints);
        Assert.True(inventory.TryFindEndpointInterface(FlowAddress.Parse("10.0.0.5"), out _));
    }

    [Fact]
    public void Build_EndpointListsUndescribedInterface_InterfaceWithoutAddresses()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"VpcEndpoints": [{"VpcEndpointId": "vpce-0a1", "VpcId": "vpc-0c3", "OwnerId": "444455556666", "ServiceName": "com.amazonaws.us-east-2.logs", "NetworkInterfaceIds": ["eni-0b1", "eni-0b2"]}]}""",
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b1", "VpcId": "vpc-0c3", "AvailabilityZone": "us-east-2a", "PrivateIpAddress": "10.0.0.5"}]}""");

        Assert.Equal(2, inventory.Interfaces.Count);
        NetworkInterfaceEntry listed = inventory.Interfaces[1];
        Assert.Equal("eni-0b2", listed.Id);
        Assert.Equal(1, listed.Index);
        Assert.False(listed.IsDescribed);
        Assert.True(listed.IsEndpointInterface);
        Assert.Equal(0, listed.EndpointIndex);
        Assert.Equal("vpc-0c3", listed.VpcId);
        Assert.Equal(0, listed.VpcIndex);
        Assert.Equal("444455556666", listed.OwnerId);
        Assert.Equal("us-east-2", listed.Region);
        Assert.Null(listed.AvailabilityZoneId);
        Assert.Empty(listed.Addresses);
        Assert.True(inventory.TryFindInterface(ResourceId.Parse("eni-0b2", "eni-"), out int index));
        Assert.Equal(1, index);
    }

    [Fact]
    public void Build_UnknownSubnetWithoutZoneId_ZoneIdNull()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b1", "SubnetId": "subnet-0f1", "AvailabilityZone": "us-east-1-bos-1a"}]}""");

        NetworkInterfaceEntry eni = Assert.Single(inventory.Interfaces);
        Assert.Equal(-1, eni.SubnetIndex);
        Assert.Null(eni.AvailabilityZoneId);
        Assert.Equal("us-east-1-bos-1a", eni.AvailabilityZone);
        Assert.Equal("us-east-1", eni.Region);
    }

    [Fact]
    public void Build_InterfaceWithoutVpcOrZone_TakesThemFromSubnet()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"Subnets": [{"SubnetId": "subnet-0f1", "VpcId": "vpc-0c3", "AvailabilityZone": "eu-central-1c", "AvailabilityZoneId": "euc1-az1", "CidrBlock": "172.31.0.0/20"}]}""",
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b1", "SubnetId": "subnet-0f1"}]}""");

        NetworkInterfaceEntry eni = Assert.Single(inventory.Interfaces);
        Assert.Equal("vpc-0c3", eni.VpcId);
        Assert.Equal(0, eni.VpcIndex);
        Assert.Equal("eu-central-1c", eni.AvailabilityZone);
        Assert.Equal("euc1-az1", eni.AvailabilityZoneId);
        Assert.Equal("eu-central-1", eni.Region);
    }

    [Fact]
    public void Build_SameIdsInOverlappingPages_FirstEntryKept()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b1", "PrivateIpAddress": "10.0.0.1"}], "Subnets": [{"SubnetId": "subnet-0f1", "CidrBlock": "10.0.0.0/24"}]}""",
            """{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b1", "PrivateIpAddress": "10.0.0.2"}, {"NetworkInterfaceId": "eni-0b2"}], "Subnets": [{"SubnetId": "subnet-0f1", "CidrBlock": "10.0.1.0/24"}]}""");

        Assert.Equal(["eni-0b1", "eni-0b2"], inventory.Interfaces.Select(e => e.Id));
        Assert.Equal([FlowAddress.Parse("10.0.0.1")], inventory.Interfaces[0].Addresses);
        Assert.Equal("10.0.0.0/24", Assert.Single(Assert.Single(inventory.Subnets).CidrBlocks).ToString());
    }

    [Fact]
    public void Build_PrimaryRepeatedInPrivateIpAddresses_ListedOnce()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """
            {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b1", "PrivateIpAddress": "10.0.0.1",
              "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.1"}, {"PrivateIpAddress": "10.0.0.2"}],
              "Ipv6Addresses": [{"Ipv6Address": "2600:1f18::1"}, {"Ipv6Address": "2600:1F18:0::1"}]}]}
            """);

        Assert.Equal(
            [FlowAddress.Parse("10.0.0.1"), FlowAddress.Parse("10.0.0.2"), FlowAddress.Parse("2600:1f18::1")],
            inventory.Interfaces[0].Addresses);
    }

    [Fact]
    public void Build_EndpointAddressReusedInTwoVpcs_PreferredVpcPicks()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """
            {"NetworkInterfaces": [
              {"NetworkInterfaceId": "eni-0a1", "VpcId": "vpc-01", "InterfaceType": "vpc_endpoint", "PrivateIpAddress": "10.0.1.10"},
              {"NetworkInterfaceId": "eni-0a2", "VpcId": "vpc-02", "InterfaceType": "vpc_endpoint", "PrivateIpAddress": "10.0.1.10"},
              {"NetworkInterfaceId": "eni-0a3", "VpcId": "vpc-03", "PrivateIpAddress": "10.0.1.11"}
            ]}
            """);
        FlowAddress address = FlowAddress.Parse("10.0.1.10");

        Assert.Equal(["vpc-01", "vpc-02", "vpc-03"], inventory.Vpcs);
        Assert.True(inventory.TryFindEndpointInterface(address, out int index));
        Assert.Equal(0, index);
        Assert.True(inventory.TryFindEndpointInterface(address, 1, out index));
        Assert.Equal(1, index);
        Assert.True(inventory.TryFindEndpointInterface(address, 2, out index));
        Assert.Equal(0, index);
        Assert.False(inventory.TryFindEndpointInterface(FlowAddress.Parse("10.0.1.11"), 2, out _));
    }

    [Theory]
    [InlineData("VPC Endpoint Interface vpce-0c1d2e3f405060718", "vpce-0c1d2e3f405060718")]
    [InlineData("VPC Endpoint Interface vpce-0c1d2e3f405060718 (managed)", "vpce-0c1d2e3f405060718")]
    [InlineData("VPC Endpoint Interface vpce-0C1D", "vpce-0C1D")]
    [InlineData("VPC Endpoint Interface vpce-", null)]
    [InlineData("VPC Endpoint Interface vpce-0123456789abcdef01", null)]
    [InlineData("VPC Endpoint Interface vpce-xyz", null)]
    [InlineData("VPC Endpoint Interface", null)]
    [InlineData("vpc endpoint interface vpce-01", null)]
    [InlineData("Interface for NAT Gateway nat-0123456789abcdef0", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void EndpointIdFromDescription_Description_EndpointIdOrNull(string? description, string? expected)
    {
        Assert.Equal(expected, InventoryBuilder.EndpointIdFromDescription(description));
    }
}
