using System.Text;
using System.Text.Json;
using FlowAnalytics.Inventory;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Inventory;

public sealed class InventoryFileReaderTests
{
    private const string Eni = "an ENI id (eni- and 1–17 hex digits)";

    [Fact]
    public void Read_ConcatenatedPages_ReadsEveryDocument()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """
            {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "PrivateIpAddress": "10.0.0.1"}], "NextToken": "abc"}
            {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-02", "PrivateIpAddress": "10.0.0.2"}]}{"NetworkInterfaces": []}
            """);

        Assert.Equal(["eni-01", "eni-02"], inventory.Interfaces.Select(e => e.Id));
        Assert.Equal([FlowAddress.Parse("10.0.0.2")], inventory.Interfaces[1].Addresses);
    }

    [Fact]
    public void Read_SeveralKeysInOneDocument_ReadsAllKinds()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson(
            """
            {
              "Subnets": [{"SubnetId": "subnet-0a1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-west-2b", "AvailabilityZoneId": "usw2-az1"}],
              "VpcEndpoints": [{"VpcEndpointId": "vpce-0e1", "VpcEndpointType": "Interface", "ServiceName": "com.amazonaws.us-west-2.sqs", "NetworkInterfaceIds": ["eni-0b1"]}],
              "NetworkInterfaces": [{"NetworkInterfaceId": "eni-0b1", "InterfaceType": "vpc_endpoint", "SubnetId": "subnet-0a1", "PrivateIpAddress": "10.0.0.9"}]
            }
            """);

        NetworkInterfaceEntry eni = Assert.Single(inventory.Interfaces);
        Assert.Equal(0, eni.EndpointIndex);
        Assert.Equal(0, eni.SubnetIndex);
        Assert.Equal("us-west-2b", eni.AvailabilityZone);
        Assert.Equal("usw2-az1", eni.AvailabilityZoneId);
        Assert.Equal("us-west-2", eni.Region);
        Assert.Equal("com.amazonaws.us-west-2.sqs", Assert.Single(inventory.Endpoints).ServiceName);
        Assert.Equal("10.0.0.0/24", Assert.Single(Assert.Single(inventory.Subnets).CidrBlocks).ToString());
    }

    [Fact]
    public void Read_ByteOrderMarkAndUnknownFieldsAndNulls_Accepted()
    {
        var builder = new InventoryBuilder();
        byte[] json = [0xEF, 0xBB, 0xBF, .. """{"Subnets": [{"SubnetId": "subnet-0a1", "CidrBlock": null, "Tags": [{"Key": "k"}], "Future": {"x": 1}}], "NextToken": null}"""u8];

        InventoryFileReader.Read("bom.json", json, builder);

        SubnetEntry subnet = Assert.Single(builder.Build().Subnets);
        Assert.Equal("subnet-0a1", subnet.Id);
        Assert.Empty(subnet.CidrBlocks);
        Assert.Null(subnet.VpcId);
    }

    [Fact]
    public void Read_EmptyPage_ReadsNothing()
    {
        EndpointInventory inventory = InventoryFixtures.FromJson("""{"NetworkInterfaces": []}""", """{"VpcEndpoints": [], "Subnets": []}""");

        Assert.Empty(inventory.Interfaces);
        Assert.Empty(inventory.Endpoints);
        Assert.Empty(inventory.Subnets);
    }

    [Fact]
    public void Read_BadAddressDeepInArray_NamesFilePathAndExpectation()
    {
        const string Json = """
            {"NetworkInterfaces": [
              {"NetworkInterfaceId": "eni-01"}, {"NetworkInterfaceId": "eni-02"}, {"NetworkInterfaceId": "eni-03"},
              {"NetworkInterfaceId": "eni-04", "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.1.300"}]}
            ]}
            """;

        InventoryFormatException e = InventoryFixtures.ReadError("eni.json", Json);

        Assert.Equal("eni.json: $.NetworkInterfaces[3].PrivateIpAddresses[0].PrivateIpAddress: expected an IPv4 address, found \"10.0.1.300\"", e.Message);
        Assert.Equal("eni.json", e.FilePath);
        Assert.Equal("$.NetworkInterfaces[3].PrivateIpAddresses[0].PrivateIpAddress", e.JsonPath);
    }

    [Theory]
    [InlineData("""{"NetworkInterfaces": [{}]}""", "$.NetworkInterfaces[0].NetworkInterfaceId: expected " + Eni + ", found nothing")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-xyz"}]}""", "$.NetworkInterfaces[0].NetworkInterfaceId: expected " + Eni + ", found \"eni-xyz\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0123456789abcdef01"}]}""", "$.NetworkInterfaces[0].NetworkInterfaceId: expected " + Eni + ", found \"eni-0123456789abcdef01\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": null}]}""", "$.NetworkInterfaces[0].NetworkInterfaceId: expected " + Eni + ", found null")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "VpcId": 42}]}""", "$.NetworkInterfaces[0].VpcId: expected a string, found 42")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "VpcId": "vpc-main"}]}""", "$.NetworkInterfaces[0].VpcId: expected a VPC id (vpc- and 1–17 hex digits), found \"vpc-main\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "SubnetId": "sub-01"}]}""", "$.NetworkInterfaces[0].SubnetId: expected a subnet id (subnet- and 1–17 hex digits), found \"sub-01\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "Description": ["x"]}]}""", "$.NetworkInterfaces[0].Description: expected a string, found an array")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "OwnerId": "1111"}]}""", "$.NetworkInterfaces[0].OwnerId: expected an account id (12 digits), found \"1111\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "PrivateIpAddress": "2600::1"}]}""", "$.NetworkInterfaces[0].PrivateIpAddress: expected an IPv4 address, found \"2600::1\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "PrivateIpAddress": "10.0.1"}]}""", "$.NetworkInterfaces[0].PrivateIpAddress: expected an IPv4 address, found \"10.0.1\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "PrivateIpAddresses": [{"Primary": true}]}]}""", "$.NetworkInterfaces[0].PrivateIpAddresses[0].PrivateIpAddress: expected an IPv4 address, found nothing")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "PrivateIpAddresses": {}}]}""", "$.NetworkInterfaces[0].PrivateIpAddresses: expected an array, found an object")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "PrivateIpAddresses": ["10.0.0.1"]}]}""", "$.NetworkInterfaces[0].PrivateIpAddresses[0]: expected an object, found \"10.0.0.1\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "Ipv6Addresses": [{"Ipv6Address": "10.0.0.1"}]}]}""", "$.NetworkInterfaces[0].Ipv6Addresses[0].Ipv6Address: expected an IPv6 address, found \"10.0.0.1\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "Ipv6Addresses": [{"Ipv6Address": "::ffff:10.0.0.1"}]}]}""", "$.NetworkInterfaces[0].Ipv6Addresses[0].Ipv6Address: expected an IPv6 address, found \"::ffff:10.0.0.1\"")]
    [InlineData("""{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-01", "Ipv6Addresses": [{"Ipv6Address": "2600:1f18::1::2"}]}]}""", "$.NetworkInterfaces[0].Ipv6Addresses[0].Ipv6Address: expected an IPv6 address, found \"2600:1f18::1::2\"")]
    [InlineData("""{"NetworkInterfaces": ["eni-01"]}""", "$.NetworkInterfaces[0]: expected an object, found \"eni-01\"")]
    [InlineData("""{"NetworkInterfaces": {}}""", "$.NetworkInterfaces: expected an array, found an object")]
    [InlineData("""{"NetworkInterfaces": null}""", "$.NetworkInterfaces: expected an array, found null")]
    [InlineData("""{"VpcEndpoints": [{"VpcEndpointType": "Interface"}]}""", "$.VpcEndpoints[0].VpcEndpointId: expected a VPC endpoint id (vpce- and 1–17 hex digits), found nothing")]
    [InlineData("""{"VpcEndpoints": [{"VpcEndpointId": "vpce-01", "NetworkInterfaceIds": ["eni-01", 7]}]}""", "$.VpcEndpoints[0].NetworkInterfaceIds[1]: expected a string, found 7")]
    [InlineData("""{"VpcEndpoints": [{"VpcEndpointId": "vpce-01", "SubnetIds": ["subnet-01", "subnet-zz"]}]}""", "$.VpcEndpoints[0].SubnetIds[1]: expected a subnet id (subnet- and 1–17 hex digits), found \"subnet-zz\"")]
    [InlineData("""{"VpcEndpoints": [{"VpcEndpointId": "vpce-01", "ServiceName": true}]}""", "$.VpcEndpoints[0].ServiceName: expected a string, found true")]
    [InlineData("""{"Subnets": [{"CidrBlock": "10.0.0.0/24"}]}""", "$.Subnets[0].SubnetId: expected a subnet id (subnet- and 1–17 hex digits), found nothing")]
    [InlineData("""{"Subnets": [{"SubnetId": "subnet-01", "CidrBlock": "10.0.0.5/24"}]}""", "$.Subnets[0].CidrBlock: expected an IPv4 CIDR block (a.b.c.d/n, host bits zero), found \"10.0.0.5/24\"")]
    [InlineData("""{"Subnets": [{"SubnetId": "subnet-01", "CidrBlock": "10.0.0.0/33"}]}""", "$.Subnets[0].CidrBlock: expected an IPv4 CIDR block (a.b.c.d/n, host bits zero), found \"10.0.0.0/33\"")]
    [InlineData("""{"Subnets": [{"SubnetId": "subnet-01", "CidrBlock": "2600:1f18::/56"}]}""", "$.Subnets[0].CidrBlock: expected an IPv4 CIDR block (a.b.c.d/n, host bits zero), found \"2600:1f18::/56\"")]
    [InlineData("""{"Subnets": [{"SubnetId": "subnet-01", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "10.0.0.0/24"}]}]}""", "$.Subnets[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock: expected an IPv6 CIDR block (address/n, host bits zero), found \"10.0.0.0/24\"")]
    [InlineData("""{"Subnets": [{"SubnetId": "subnet-01", "Ipv6CidrBlockAssociationSet": [{"AssociationId": "x"}]}]}""", "$.Subnets[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock: expected an IPv6 CIDR block (address/n, host bits zero), found nothing")]
    public void Read_MalformedEntry_ExactMessage(string json, string expected)
    {
        InventoryFormatException e = InventoryFixtures.ReadError("inventory.json", json);

        Assert.Equal("inventory.json: " + expected, e.Message);
        Assert.Equal("inventory.json", e.FilePath);
        Assert.Equal(expected[..expected.IndexOf(':', StringComparison.Ordinal)], e.JsonPath);
    }

    [Theory]
    [InlineData("""{"Reservations": [], "NextToken": "x"}""", "found an object with keys Reservations, NextToken")]
    [InlineData("{}", "found an empty object")]
    [InlineData("""[{"NetworkInterfaceId": "eni-01"}]""", "found an array")]
    [InlineData("\"NetworkInterfaces\"", "found \"NetworkInterfaces\"")]
    [InlineData("", "found an empty file")]
    [InlineData(" \r\n\t", "found an empty file")]
    public void Read_UnrecognisedContent_NamesTheExpectedKeys(string json, string found)
    {
        InventoryFormatException e = InventoryFixtures.ReadError("describe-instances.json", json);

        Assert.Equal("describe-instances.json: $: expected an object with one of NetworkInterfaces, VpcEndpoints, Subnets, " + found, e.Message);
        Assert.Equal("$", e.JsonPath);
    }

    [Fact]
    public void Read_BadSecondDocument_NamesTheDocument()
    {
        const string Json = """
            {"Subnets": []}
            {"Subnets": [{"SubnetId": "subnet-01", "AvailabilityZone": 1}]}
            """;

        InventoryFormatException e = InventoryFixtures.ReadError("subnets.json", Json);

        Assert.Equal("subnets.json (document 2): $.Subnets[0].AvailabilityZone: expected a string, found 1", e.Message);
    }

    [Fact]
    public void Read_TrailingComma_LineAndBytePosition()
    {
        const string Json = "{\"Subnets\": [\n  {\"SubnetId\": \"subnet-01\",}\n]}";

        InventoryFormatException e = InventoryFixtures.ReadError("subnets.json", Json);

        Assert.Equal(
            "subnets.json: invalid JSON at line 2, byte 28: The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.",
            e.Message);
        Assert.Null(e.JsonPath);
        Assert.IsAssignableFrom<JsonException>(e.InnerException);
    }

    [Fact]
    public void Read_Truncated_LineAndBytePosition()
    {
        InventoryFormatException e = InventoryFixtures.ReadError("eni.json", "{\"NetworkInterfaces\": [\n  {\"NetworkInterfaceId\": \"eni-01\"");

        Assert.StartsWith("eni.json: invalid JSON at line 2, byte 34: ", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
    }

    [Fact]
    public void Read_GarbageAfterFirstDocument_InvalidJsonWithPosition()
    {
        InventoryFormatException e = InventoryFixtures.ReadError("eni.json", "{\"NetworkInterfaces\": []}\nnot json");

        Assert.StartsWith("eni.json: invalid JSON at line 2, byte 2: ", e.Message);
    }

    [Fact]
    public void Read_Utf16File_SaysToSaveAsUtf8()
    {
        byte[] json = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("""{"Subnets": []}""")];

        var e = Assert.Throws<InventoryFormatException>(() => InventoryFileReader.Read("subnets.json", json, new InventoryBuilder()));

        Assert.Equal("subnets.json: expected UTF-8 JSON, found UTF-16 text (save it as UTF-8, e.g. with Out-File -Encoding utf8)", e.Message);
    }

    [Fact]
    public void Load_MissingFile_FileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => EndpointInventory.Load([InventoryFixtures.PathOf("no-such-file.json")]));
    }
}
