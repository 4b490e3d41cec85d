using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// Reads one array item of each describe command's output into an entry, with the AWS CLI's own
/// field names. Fields attribution does not use (Attachment, Status, Groups, TagSet, …) are
/// skipped unread, so a newer CLI adding fields never breaks loading.
/// </summary>
internal static class InventoryEntryReader
{
    private const string EniId = "an ENI id (eni- and 1–17 hex digits)";
    private const string VpcId = "a VPC id (vpc- and 1–17 hex digits)";
    private const string SubnetId = "a subnet id (subnet- and 1–17 hex digits)";
    private const string EndpointId = "a VPC endpoint id (vpce- and 1–17 hex digits)";

    /// <summary>Reads an item of <c>NetworkInterfaces</c>.</summary>
    public static NetworkInterfaceEntry ReadInterface(InventoryNode node)
    {
        node.ExpectObject();
        string id = node.Property("NetworkInterfaceId").RequiredId("eni-", EniId);
        string? zone = node.Property("AvailabilityZone").OptionalString();

        // Primary first, then secondaries; the primary is repeated in PrivateIpAddresses, so skip duplicates.
        var addresses = new List<FlowAddress>();
        if (node.Property("PrivateIpAddress").OptionalIPv4() is FlowAddress primary)
        {
            addresses.Add(primary);
        }

        foreach (InventoryNode item in node.Property("PrivateIpAddresses").Items())
        {
            item.ExpectObject();
            InventoryNode addressNode = item.Property("PrivateIpAddress");
            FlowAddress address = addressNode.OptionalIPv4() ?? throw addressNode.Fail("an IPv4 address");
            if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }

        foreach (InventoryNode item in node.Property("Ipv6Addresses").Items())
        {
            item.ExpectObject();
            FlowAddress address = item.Property("Ipv6Address").RequiredIPv6();
            if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }

        return new NetworkInterfaceEntry
        {
            Id = id,
            ResourceId = ResourceId.Parse(id, "eni-"),
            InterfaceType = node.Property("InterfaceType").OptionalString(),
            Description = node.Property("Description").OptionalString(),
            VpcId = node.Property("VpcId").OptionalId("vpc-", VpcId),
            SubnetId = node.Property("SubnetId").OptionalId("subnet-", SubnetId),
            AvailabilityZone = zone,
            AvailabilityZoneId = node.Property("AvailabilityZoneId").OptionalString(),
            Region = RegionNames.FromAvailabilityZone(zone),
            OwnerId = node.Property("OwnerId").OptionalAccount(),
            Addresses = addresses.ToArray(),
        };
    }

    /// <summary>Reads an item of <c>VpcEndpoints</c>.</summary>
    public static VpcEndpointEntry ReadEndpoint(InventoryNode node)
    {
        node.ExpectObject();
        var subnetIds = new List<string>();
        foreach (InventoryNode item in node.Property("SubnetIds").Items())
        {
            subnetIds.Add(item.RequiredId("subnet-", SubnetId));
        }

        var interfaceIds = new List<string>();
        foreach (InventoryNode item in node.Property("NetworkInterfaceIds").Items())
        {
            interfaceIds.Add(item.RequiredId("eni-", EniId));
        }

        string? serviceName = node.Property("ServiceName").OptionalString();
        return new VpcEndpointEntry
        {
            Id = node.Property("VpcEndpointId").RequiredId("vpce-", EndpointId),
            Type = node.Property("VpcEndpointType").OptionalString(),
            ServiceName = serviceName,
            VpcId = node.Property("VpcId").OptionalId("vpc-", VpcId),
            State = node.Property("State").OptionalString(),
            OwnerId = node.Property("OwnerId").OptionalAccount(),
            Region = RegionNames.FromServiceName(serviceName),
            SubnetIds = subnetIds.ToArray(),
            NetworkInterfaceIds = interfaceIds.ToArray(),
        };
    }

    /// <summary>Reads an item of <c>Subnets</c>.</summary>
    public static SubnetEntry ReadSubnet(InventoryNode node)
    {
        node.ExpectObject();
        string id = node.Property("SubnetId").RequiredId("subnet-", SubnetId);
        string? zone = node.Property("AvailabilityZone").OptionalString();

        // IPv6-only subnets print no CidrBlock; an IPv4 block, when there is one, comes first.
        var blocks = new List<CidrBlock>();
        if (node.Property("CidrBlock").OptionalCidr(ipv4: true) is CidrBlock ipv4Block)
        {
            blocks.Add(ipv4Block);
        }

        foreach (InventoryNode item in node.Property("Ipv6CidrBlockAssociationSet").Items())
        {
            item.ExpectObject();
            InventoryNode blockNode = item.Property("Ipv6CidrBlock");
            CidrBlock block = blockNode.OptionalCidr(ipv4: false) ?? throw blockNode.Fail(InventoryNode.CidrExpectation(ipv4: false));

            // A block being or already disassociated may be handed to another subnet; keeping it
            // would make two subnets claim the same addresses.
            string? state = item.Property("Ipv6CidrBlockState").Property("State").OptionalString();
            if (state is null or "associated" or "associating")
            {
                blocks.Add(block);
            }
        }

        return new SubnetEntry
        {
            Id = id,
            VpcId = node.Property("VpcId").OptionalId("vpc-", VpcId),
            AvailabilityZone = zone,
            AvailabilityZoneId = node.Property("AvailabilityZoneId").OptionalString(),
            Region = RegionNames.FromAvailabilityZone(zone),
            OwnerId = node.Property("OwnerId").OptionalAccount(),
            CidrBlocks = blocks.ToArray(),
        };
    }
}
