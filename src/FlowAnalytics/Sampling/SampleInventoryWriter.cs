using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlowAnalytics.Sampling;

/// <summary>
/// Writes a scenario as the JSON the AWS CLI prints for <c>aws ec2 describe-network-interfaces</c>,
/// <c>describe-vpc-endpoints</c> and <c>describe-subnets</c>: the same top-level keys, member names,
/// value vocabularies and 4-space indentation, so the inventory reader is tested on the real shape.
/// </summary>
internal static partial class SampleInventoryWriter
{
    /// <summary>The file names, in the order they are written.</summary>
    public static readonly string[] FileNames =
        ["describe-network-interfaces.json", "describe-vpc-endpoints.json", "describe-subnets.json"];

    // The endpoints' DNS zone in us-east-1, as describe-vpc-endpoints reports it.
    private const string VpceHostedZoneId = "Z7HUB22UULQXV";

    private const string FullAccessPolicy =
        "{\n  \"Version\": \"2008-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": \"*\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 4,
        // The CLI prints '+' in timestamps and '"' in policies as themselves (escaped only as JSON requires).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Writes the three files into <paramref name="directory"/> and returns their paths.
    /// <paramref name="created"/> dates the resources (attachment and creation times).
    /// </summary>
    public static IReadOnlyList<string> Write(SampleScenario scenario, string directory, DateTime created)
    {
        Directory.CreateDirectory(directory);
        var paths = new string[FileNames.Length];
        for (int i = 0; i < FileNames.Length; i++)
        {
            paths[i] = Path.Combine(directory, FileNames[i]);
            using var file = new FileStream(paths[i], FileMode.Create, FileAccess.Write, FileShare.None);
            using (var json = new Utf8JsonWriter(file, Options))
            {
                json.WriteStartObject();
                switch (i)
                {
                    case 0:
                        WriteNetworkInterfaces(json, scenario, created);
                        break;
                    case 1:
                        WriteVpcEndpoints(json, scenario, created);
                        break;
                    default:
                        WriteSubnets(json, scenario);
                        break;
                }

                json.WriteEndObject();
            }

            file.WriteByte((byte)'\n');
        }

        return paths;
    }

    private static void WriteVpcEndpoints(Utf8JsonWriter json, SampleScenario scenario, DateTime created)
    {
        json.WriteStartArray("VpcEndpoints");
        foreach (SampleEndpoint endpoint in scenario.Endpoints)
        {
            json.WriteStartObject();
            json.WriteString("VpcEndpointId", endpoint.Id);
            json.WriteString("VpcEndpointType", "Interface");
            json.WriteString("VpcId", scenario.VpcId);
            json.WriteString("ServiceName", endpoint.ServiceName);
            json.WriteString("State", "available");
            json.WriteString("PolicyDocument", FullAccessPolicy);
            json.WriteStartArray("RouteTableIds");
            json.WriteEndArray();
            json.WriteStartArray("SubnetIds");
            foreach (SampleInterface eni in endpoint.Interfaces)
            {
                json.WriteStringValue(eni.Subnet.Id);
            }

            json.WriteEndArray();
            json.WriteStartArray("Groups");
            WriteGroup(json, endpoint.SecurityGroupId, "vpc-endpoints");
            json.WriteEndArray();
            json.WriteString("IpAddressType", "dualstack");
            json.WriteStartObject("DnsOptions");
            json.WriteString("DnsRecordIpType", "dualstack");
            json.WriteEndObject();
            // S3's interface endpoint cannot take over the service's public name without a gateway endpoint.
            json.WriteBoolean("PrivateDnsEnabled", endpoint.Service != "s3");
            json.WriteBoolean("RequesterManaged", false);
            json.WriteStartArray("NetworkInterfaceIds");
            foreach (SampleInterface eni in endpoint.Interfaces)
            {
                json.WriteStringValue(eni.Id);
            }

            json.WriteEndArray();
            json.WriteStartArray("DnsEntries");
            string name = $"{endpoint.Id}-{endpoint.DnsSuffix}";
            WriteDnsEntry(json, $"{name}.{endpoint.Service}.{SampleScenario.Region}.vpce.amazonaws.com");
            foreach (SampleInterface eni in endpoint.Interfaces)
            {
                WriteDnsEntry(json, $"{name}-{eni.Zone.Name}.{endpoint.Service}.{SampleScenario.Region}.vpce.amazonaws.com");
            }

            json.WriteEndArray();
            json.WriteString("CreationTimestamp", Timestamp(created));
            json.WriteStartArray("Tags");
            WriteTag(json, "Name", endpoint.Service);
            json.WriteEndArray();
            json.WriteString("OwnerId", scenario.AccountId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSubnets(Utf8JsonWriter json, SampleScenario scenario)
    {
        json.WriteStartArray("Subnets");
        foreach (SampleSubnet subnet in scenario.Subnets)
        {
            json.WriteStartObject();
            json.WriteString("AvailabilityZoneId", subnet.Zone.Id);
            json.WriteBoolean("MapCustomerOwnedIpOnLaunch", false);
            json.WriteString("OwnerId", scenario.AccountId);
            json.WriteBoolean("AssignIpv6AddressOnCreation", subnet.Role == SampleSubnetRole.Client);
            json.WriteStartArray("Ipv6CidrBlockAssociationSet");
            json.WriteStartObject();
            json.WriteString("AssociationId", subnet.Ipv6AssociationId);
            json.WriteString("Ipv6CidrBlock", subnet.Ipv6CidrBlock);
            json.WriteStartObject("Ipv6CidrBlockState");
            json.WriteString("State", "associated");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("Tags");
            WriteTag(json, "Name", subnet.Name);
            json.WriteEndArray();
            json.WriteString("SubnetArn", $"arn:aws:ec2:{SampleScenario.Region}:{scenario.AccountId}:subnet/{subnet.Id}");
            json.WriteBoolean("EnableDns64", false);
            json.WriteBoolean("Ipv6Native", false);
            json.WriteStartObject("PrivateDnsNameOptionsOnLaunch");
            json.WriteString("HostnameType", "ip-name");
            json.WriteBoolean("EnableResourceNameDnsARecord", false);
            json.WriteBoolean("EnableResourceNameDnsAAAARecord", false);
            json.WriteEndObject();
            json.WriteString("SubnetId", subnet.Id);
            json.WriteString("State", "available");
            json.WriteString("VpcId", scenario.VpcId);
            json.WriteString("CidrBlock", subnet.CidrBlock);
            json.WriteNumber("AvailableIpAddressCount", subnet.AvailableIpAddressCount);
            json.WriteString("AvailabilityZone", subnet.Zone.Name);
            json.WriteBoolean("DefaultForAz", false);
            json.WriteBoolean("MapPublicIpOnLaunch", subnet.Role == SampleSubnetRole.Public);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteGroup(Utf8JsonWriter json, string id, string name)
    {
        json.WriteStartObject();
        json.WriteString("GroupId", id);
        json.WriteString("GroupName", name);
        json.WriteEndObject();
    }

    private static void WriteTag(Utf8JsonWriter json, string key, string value)
    {
        json.WriteStartObject();
        json.WriteString("Key", key);
        json.WriteString("Value", value);
        json.WriteEndObject();
    }

    private static void WriteDnsEntry(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject();
        json.WriteString("DnsName", name);
        json.WriteString("HostedZoneId", VpceHostedZoneId);
        json.WriteEndObject();
    }

    // The CLI (v2) prints timestamps as ISO 8601 with microseconds and an explicit offset.
    private static string Timestamp(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);
}
