using FlowAnalytics.Inventory;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.Attribution;

/// <summary>
/// A small inventory written as the three files <c>aws ec2 describe-*</c> print, loaded through
/// <see cref="EndpointInventory.Load"/>: one interface endpoint ENI (IPv4 + IPv6) in use1-az3, one
/// client ENI, and subnets chosen for longest-prefix cases (a /24 inside a /16, a /64 inside a
/// /56) plus an IPv6-only <c>::/64</c> subnet, whose 128-bit range numerically holds every
/// IPv4-mapped address, so an IPv4 client must never land in it.
/// </summary>
internal static class AttributionInventory
{
    public const string Account = "111122223333";
    public const string Vpc = "vpc-0a1b2c3d4e5f60001";
    public const string EndpointId = "vpce-0c00000000000c001";
    public const string Service = "com.amazonaws.us-east-1.s3";

    /// <summary>The endpoint ENI: 10.2.3.10 and 2600:1f18:aaaa:2003::10, subnet C3 (us-east-1c, use1-az3).</summary>
    public const string EndpointEni = "eni-0e00000000000e001";
    public const string EndpointIPv4 = "10.2.3.10";
    public const string EndpointIPv6 = "2600:1f18:aaaa:2003::10";

    /// <summary>A client instance ENI: 10.1.2.50 and 2600:1f18:aaaa:1002::50, subnet B2 (us-east-1b, use1-az2).</summary>
    public const string ClientEni = "eni-0c00000000000c101";
    public const string ClientIPv4 = "10.1.2.50";
    public const string ClientIPv6 = "2600:1f18:aaaa:1002::50";

    /// <summary>10.1.0.0/16 and 2600:1f18:aaaa:1000::/56 in use1-az1.</summary>
    public const string SubnetA1 = "subnet-0000000000000a1";

    /// <summary>10.1.2.0/24 and 2600:1f18:aaaa:1002::/64 in use1-az2 (inside A1's blocks).</summary>
    public const string SubnetB2 = "subnet-0000000000000b2";

    /// <summary>10.2.3.0/24 and 2600:1f18:aaaa:2003::/64 in use1-az3: the endpoint's subnet.</summary>
    public const string SubnetC3 = "subnet-0000000000000c3";

    /// <summary>IPv6 only, <c>::/64</c>, in use1-az5.</summary>
    public const string SubnetD4 = "subnet-0000000000000d4";

    public const string NetworkInterfacesJson = $$"""
        {
            "NetworkInterfaces": [
                {
                    "AvailabilityZone": "us-east-1c",
                    "AvailabilityZoneId": "use1-az3",
                    "Description": "VPC Endpoint Interface {{EndpointId}}",
                    "Groups": [{ "GroupId": "sg-0123456789abcdef0", "GroupName": "endpoints" }],
                    "InterfaceType": "vpc_endpoint",
                    "Ipv6Addresses": [{ "Ipv6Address": "{{EndpointIPv6}}", "IsPrimaryIpv6": false }],
                    "MacAddress": "0e:4f:2a:91:7c:b3",
                    "NetworkInterfaceId": "{{EndpointEni}}",
                    "OwnerId": "{{Account}}",
                    "PrivateDnsName": "ip-10-2-3-10.ec2.internal",
                    "PrivateIpAddress": "{{EndpointIPv4}}",
                    "PrivateIpAddresses": [{ "Primary": true, "PrivateDnsName": "ip-10-2-3-10.ec2.internal", "PrivateIpAddress": "{{EndpointIPv4}}" }],
                    "Ipv4Prefixes": [],
                    "Ipv6Prefixes": [],
                    "RequesterId": "727180483921",
                    "RequesterManaged": true,
                    "SourceDestCheck": true,
                    "Status": "in-use",
                    "SubnetId": "{{SubnetC3}}",
                    "TagSet": [],
                    "VpcId": "{{Vpc}}"
                },
                {
                    "Attachment": {
                        "AttachTime": "2025-05-06T11:42:17+00:00",
                        "AttachmentId": "eni-attach-0a1b2c3d4e5f60789",
                        "DeleteOnTermination": true,
                        "DeviceIndex": 0,
                        "InstanceId": "i-0abcdef1234567890",
                        "InstanceOwnerId": "{{Account}}",
                        "Status": "attached"
                    },
                    "AvailabilityZone": "us-east-1b",
                    "AvailabilityZoneId": "use1-az2",
                    "Description": "",
                    "Groups": [{ "GroupId": "sg-0fedcba9876543210", "GroupName": "app" }],
                    "InterfaceType": "interface",
                    "Ipv6Addresses": [{ "Ipv6Address": "{{ClientIPv6}}", "IsPrimaryIpv6": false }],
                    "NetworkInterfaceId": "{{ClientEni}}",
                    "OwnerId": "{{Account}}",
                    "PrivateIpAddress": "{{ClientIPv4}}",
                    "PrivateIpAddresses": [{ "Primary": true, "PrivateIpAddress": "{{ClientIPv4}}" }],
                    "RequesterManaged": false,
                    "SourceDestCheck": true,
                    "Status": "in-use",
                    "SubnetId": "{{SubnetB2}}",
                    "TagSet": [],
                    "VpcId": "{{Vpc}}"
                }
            ]
        }
        """;

    public const string VpcEndpointsJson = $$"""
        {
            "VpcEndpoints": [
                {
                    "VpcEndpointId": "{{EndpointId}}",
                    "VpcEndpointType": "Interface",
                    "VpcId": "{{Vpc}}",
                    "ServiceName": "{{Service}}",
                    "State": "available",
                    "RouteTableIds": [],
                    "SubnetIds": ["{{SubnetC3}}"],
                    "Groups": [{ "GroupId": "sg-0123456789abcdef0", "GroupName": "endpoints" }],
                    "IpAddressType": "dualstack",
                    "DnsOptions": { "DnsRecordIpType": "dualstack" },
                    "PrivateDnsEnabled": false,
                    "RequesterManaged": false,
                    "NetworkInterfaceIds": ["{{EndpointEni}}"],
                    "DnsEntries": [],
                    "CreationTimestamp": "2025-03-14T09:26:53.000000+00:00",
                    "Tags": [],
                    "OwnerId": "{{Account}}"
                }
            ]
        }
        """;

    public const string SubnetsJson = $$"""
        {
            "Subnets": [
                {
                    "AvailabilityZone": "us-east-1a",
                    "AvailabilityZoneId": "use1-az1",
                    "AvailableIpAddressCount": 65000,
                    "CidrBlock": "10.1.0.0/16",
                    "DefaultForAz": false,
                    "MapPublicIpOnLaunch": false,
                    "State": "available",
                    "SubnetId": "{{SubnetA1}}",
                    "VpcId": "{{Vpc}}",
                    "OwnerId": "{{Account}}",
                    "Ipv6CidrBlockAssociationSet": [
                        { "AssociationId": "subnet-cidr-assoc-0a1b2c3d4e5f60001", "Ipv6CidrBlock": "2600:1f18:aaaa:1000::/56", "Ipv6CidrBlockState": { "State": "associated" } }
                    ]
                },
                {
                    "AvailabilityZone": "us-east-1b",
                    "AvailabilityZoneId": "use1-az2",
                    "AvailableIpAddressCount": 250,
                    "CidrBlock": "10.1.2.0/24",
                    "State": "available",
                    "SubnetId": "{{SubnetB2}}",
                    "VpcId": "{{Vpc}}",
                    "OwnerId": "{{Account}}",
                    "Ipv6CidrBlockAssociationSet": [
                        { "AssociationId": "subnet-cidr-assoc-0a1b2c3d4e5f60002", "Ipv6CidrBlock": "2600:1f18:aaaa:1002::/64", "Ipv6CidrBlockState": { "State": "associated" } }
                    ]
                },
                {
                    "AvailabilityZone": "us-east-1c",
                    "AvailabilityZoneId": "use1-az3",
                    "AvailableIpAddressCount": 250,
                    "CidrBlock": "10.2.3.0/24",
                    "State": "available",
                    "SubnetId": "{{SubnetC3}}",
                    "VpcId": "{{Vpc}}",
                    "OwnerId": "{{Account}}",
                    "Ipv6CidrBlockAssociationSet": [
                        { "AssociationId": "subnet-cidr-assoc-0a1b2c3d4e5f60003", "Ipv6CidrBlock": "2600:1f18:aaaa:2003::/64", "Ipv6CidrBlockState": { "State": "associated" } }
                    ]
                },
                {
                    "AvailabilityZone": "us-east-1d",
                    "AvailabilityZoneId": "use1-az5",
                    "AvailableIpAddressCount": 0,
                    "State": "available",
                    "SubnetId": "{{SubnetD4}}",
                    "VpcId": "{{Vpc}}",
                    "OwnerId": "{{Account}}",
                    "Ipv6Native": true,
                    "Ipv6CidrBlockAssociationSet": [
                        { "AssociationId": "subnet-cidr-assoc-0a1b2c3d4e5f60004", "Ipv6CidrBlock": "::/64", "Ipv6CidrBlockState": { "State": "associated" } }
                    ]
                }
            ]
        }
        """;

    /// <summary>Writes the three describe outputs into <paramref name="directory"/> and returns their paths.</summary>
    public static string[] WriteTo(string directory)
    {
        string[] paths =
        [
            Path.Combine(directory, "describe-network-interfaces.json"),
            Path.Combine(directory, "describe-vpc-endpoints.json"),
            Path.Combine(directory, "describe-subnets.json"),
        ];
        File.WriteAllText(paths[0], NetworkInterfacesJson);
        File.WriteAllText(paths[1], VpcEndpointsJson);
        File.WriteAllText(paths[2], SubnetsJson);
        return paths;
    }

    /// <summary>Writes the files into a temp directory and loads them as <c>--inventory</c> would.</summary>
    public static EndpointInventory Load()
    {
        using var directory = new TempDirectory();
        return EndpointInventory.Load(WriteTo(directory.Path));
    }

    public static int InterfaceIndex(EndpointInventory inventory, string eni) =>
        inventory.TryFindInterface(ResourceId.Parse(eni, "eni-"), out int index) ? index : throw new KeyNotFoundException(eni);

    public static int SubnetIndex(EndpointInventory inventory, string subnet)
    {
        for (int i = 0; i < inventory.Subnets.Count; i++)
        {
            if (inventory.Subnets[i].Id == subnet)
            {
                return i;
            }
        }

        throw new KeyNotFoundException(subnet);
    }
}
