using System.Text.Json;

namespace FlowAnalytics.Sampling;

// describe-network-interfaces: the ENIs of endpoints, instances and the NAT gateway.
internal static partial class SampleInventoryWriter
{
    private static void WriteNetworkInterfaces(Utf8JsonWriter json, SampleScenario scenario, DateTime created)
    {
        json.WriteStartArray("NetworkInterfaces");
        foreach (SampleInterface eni in scenario.Interfaces)
        {
            bool requesterManaged = eni.Kind != SampleInterfaceKind.Client;
            json.WriteStartObject();
            if (eni.Kind == SampleInterfaceKind.NatGateway)
            {
                // The public address AWS allocated to the gateway (an Elastic IP in 3.x/44.x/54.x).
                json.WriteStartObject("Association");
                json.WriteString("IpOwnerId", "amazon");
                json.WriteString("PublicDnsName", $"ec2-44-{eni.Ipv4 >> 8 & 0xFF}-{eni.Ipv4 & 0xFF}-7.compute-1.amazonaws.com");
                json.WriteString("PublicIp", $"44.{eni.Ipv4 >> 8 & 0xFF}.{eni.Ipv4 & 0xFF}.7");
                json.WriteEndObject();
            }

            json.WriteStartObject("Attachment");
            json.WriteString("AttachTime", Timestamp(created.AddMinutes(eni.Index)));
            json.WriteString("AttachmentId", eni.AttachmentId);
            json.WriteBoolean("DeleteOnTermination", !requesterManaged);
            json.WriteNumber("DeviceIndex", requesterManaged ? 1 : 0);
            json.WriteNumber("NetworkCardIndex", 0);
            if (!requesterManaged)
            {
                json.WriteString("InstanceId", eni.Owner);
            }

            json.WriteString("InstanceOwnerId", requesterManaged ? "amazon-aws" : scenario.AccountId);
            json.WriteString("Status", "attached");
            json.WriteEndObject();
            json.WriteString("AvailabilityZone", eni.Zone.Name);
            json.WriteString("AvailabilityZoneId", eni.Zone.Id);
            json.WriteString("Description", eni.Kind switch
            {
                SampleInterfaceKind.Endpoint => $"VPC Endpoint Interface {eni.Owner}",
                SampleInterfaceKind.NatGateway => $"Interface for NAT Gateway {eni.Owner}",
                _ => "",
            });
            json.WriteStartArray("Groups");
            if (eni.SecurityGroupId.Length > 0)
            {
                WriteGroup(json, eni.SecurityGroupId, eni.Kind == SampleInterfaceKind.Endpoint ? "vpc-endpoints" : "app");
            }

            json.WriteEndArray();
            json.WriteString("InterfaceType", eni.Kind switch
            {
                SampleInterfaceKind.Endpoint => "vpc_endpoint",
                SampleInterfaceKind.NatGateway => "nat_gateway",
                _ => "interface",
            });
            json.WriteStartArray("Ipv6Addresses");
            json.WriteStartObject();
            json.WriteString("Ipv6Address", eni.Ipv6Text);
            json.WriteBoolean("IsPrimaryIpv6", false);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("MacAddress", eni.MacAddress);
            json.WriteString("NetworkInterfaceId", eni.Id);
            json.WriteString("OwnerId", scenario.AccountId);
            json.WriteString("PrivateDnsName", eni.PrivateDnsName);
            json.WriteString("PrivateIpAddress", eni.Ipv4Text);
            json.WriteStartArray("PrivateIpAddresses");
            json.WriteStartObject();
            json.WriteBoolean("Primary", true);
            json.WriteString("PrivateDnsName", eni.PrivateDnsName);
            json.WriteString("PrivateIpAddress", eni.Ipv4Text);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteBoolean("RequesterManaged", requesterManaged);
            json.WriteBoolean("SourceDestCheck", eni.Kind == SampleInterfaceKind.Client);
            json.WriteString("Status", "in-use");
            json.WriteString("SubnetId", eni.Subnet.Id);
            json.WriteStartArray("TagSet");
            json.WriteEndArray();
            json.WriteString("VpcId", scenario.VpcId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
