using FlowAnalytics.Attribution;
using FlowAnalytics.Inventory;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Attribution;

/// <summary>Every case of DESIGN §4, against an inventory loaded from describe-* JSON files.</summary>
public sealed class EndpointAttributorTests
{
    private const ulong Src = 1UL << (int)FlowField.SrcAddr;
    private const ulong Dst = 1UL << (int)FlowField.DstAddr;
    private const ulong Both = Src | Dst;
    private const FlowDirection NoFlowDirection = 0;

    private static readonly EndpointInventory Inventory = AttributionInventory.Load();
    private static readonly int Endpoint = AttributionInventory.InterfaceIndex(Inventory, AttributionInventory.EndpointEni);
    private static readonly int Client = AttributionInventory.InterfaceIndex(Inventory, AttributionInventory.ClientEni);
    private static readonly int SubnetA1 = AttributionInventory.SubnetIndex(Inventory, AttributionInventory.SubnetA1);
    private static readonly int SubnetB2 = AttributionInventory.SubnetIndex(Inventory, AttributionInventory.SubnetB2);
    private static readonly int SubnetC3 = AttributionInventory.SubnetIndex(Inventory, AttributionInventory.SubnetC3);
    private static readonly int SubnetD4 = AttributionInventory.SubnetIndex(Inventory, AttributionInventory.SubnetD4);

    private readonly EndpointAttributor _attributor = new(Inventory);

    [Fact]
    public void TryAttribute_EndpointEniIngress_ToEndpointWithSourceAsClient()
    {
        bool attributed = _attributor.TryAttribute(Endpoint, Both, A("10.1.2.50"), A("10.2.3.10"), FlowDirection.Ingress, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.ToEndpoint, true, A("10.1.2.50"), SubnetB2), a);
    }

    [Fact]
    public void TryAttribute_EndpointEniEgress_FromEndpointWithDestinationAsClient()
    {
        bool attributed = _attributor.TryAttribute(Endpoint, Both, A("10.2.3.10"), A("10.1.200.7"), FlowDirection.Egress, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.FromEndpoint, true, A("10.1.200.7"), SubnetA1), a);
    }

    [Fact]
    public void TryAttribute_EndpointEniFlowDirectionAgainstAddresses_FlowDirectionWins()
    {
        // flow-direction is what AWS measured at the ENI; addresses are only the fallback.
        bool attributed = _attributor.TryAttribute(Endpoint, Both, A("10.2.3.10"), A("10.1.2.50"), FlowDirection.Ingress, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.ToEndpoint, true, A("10.2.3.10"), SubnetC3), a);
    }

    [Fact]
    public void TryAttribute_EndpointEniNoFlowDirectionDestinationIsEni_ToEndpoint()
    {
        bool attributed = _attributor.TryAttribute(Endpoint, Both, A("10.1.2.50"), A("10.2.3.10"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.ToEndpoint, true, A("10.1.2.50"), SubnetB2), a);
    }

    [Fact]
    public void TryAttribute_EndpointEniNoFlowDirectionSourceIsEni_FromEndpoint()
    {
        bool attributed = _attributor.TryAttribute(Endpoint, Both, A("10.2.3.10"), A("10.1.2.50"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.FromEndpoint, true, A("10.1.2.50"), SubnetB2), a);
    }

    [Fact]
    public void TryAttribute_EndpointEniNoFlowDirectionNeitherAddressIsEni_UnknownWithoutClient()
    {
        bool attributed = _attributor.TryAttribute(Endpoint, Both, A("10.1.2.50"), A("10.1.2.51"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.Unknown, false, default, -1), a);
    }

    [Fact]
    public void TryAttribute_EndpointEniNoDataWithoutAddresses_AttributedUnknownWithoutClient()
    {
        bool attributed = _attributor.TryAttribute(Endpoint, 0, default, default, NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.Unknown, false, default, -1), a);
    }

    [Fact]
    public void TryAttribute_EndpointEniIngressWithoutSource_ToEndpointWithoutClient()
    {
        bool attributed = _attributor.TryAttribute(Endpoint, Dst, default, A("10.2.3.10"), FlowDirection.Ingress, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.ToEndpoint, false, default, -1), a);
    }

    [Fact]
    public void TryAttribute_ClientEniDestinationIsEndpointAddress_ClientEniToEndpoint()
    {
        bool attributed = _attributor.TryAttribute(Client, Both, A("10.1.2.50"), A("10.2.3.10"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.ClientEni, EndpointDirection.ToEndpoint, true, A("10.1.2.50"), SubnetB2), a);
    }

    [Fact]
    public void TryAttribute_ClientEniSourceIsEndpointAddress_ClientEniFromEndpoint()
    {
        bool attributed = _attributor.TryAttribute(Client, Both, A("10.2.3.10"), A("10.1.2.50"), FlowDirection.Ingress, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.ClientEni, EndpointDirection.FromEndpoint, true, A("10.1.2.50"), SubnetB2), a);
    }

    [Fact]
    public void TryAttribute_ClientEniNoData_NotAttributed()
    {
        bool attributed = _attributor.TryAttribute(Client, 0, default, default, NoFlowDirection, out EndpointAttribution a);

        Assert.False(attributed);
        Assert.Equal(default, a);
    }

    [Fact]
    public void TryAttribute_ClientEniPeerNotAnEndpoint_NotAttributed()
    {
        bool attributed = _attributor.TryAttribute(Client, Both, A("10.1.2.50"), A("10.1.2.99"), FlowDirection.Egress, out EndpointAttribution a);

        Assert.False(attributed);
        Assert.Equal(default, a);
    }

    [Fact]
    public void TryAttribute_ClientEniEndpointAddressButNoOtherAddress_ClientEniWithoutClient()
    {
        bool attributed = _attributor.TryAttribute(Client, Dst, default, A("10.2.3.10"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.ClientEni, EndpointDirection.ToEndpoint, false, default, -1), a);
    }

    [Fact]
    public void TryAttribute_UnknownInterfacePeerIsEndpointAddress_ClientEni()
    {
        bool attributed = _attributor.TryAttribute(-1, Both, A("192.168.7.7"), A("10.2.3.10"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.ClientEni, EndpointDirection.ToEndpoint, true, A("192.168.7.7"), -1), a);
    }

    [Fact]
    public void TryAttribute_UnknownInterfaceEndpointIPv6IsSource_ClientEniFromEndpoint()
    {
        bool attributed = _attributor.TryAttribute(
            -1, Both, A("2600:1f18:aaaa:2003::10"), A("2600:1f18:aaaa:1002::50"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.ClientEni, EndpointDirection.FromEndpoint, true, A("2600:1f18:aaaa:1002::50"), SubnetB2), a);
    }

    [Fact]
    public void TryAttribute_UnknownInterfaceNoEndpointAddress_NotAttributed()
    {
        bool attributed = _attributor.TryAttribute(-1, Both, A("10.1.2.50"), A("10.2.3.11"), NoFlowDirection, out EndpointAttribution a);

        Assert.False(attributed);
        Assert.Equal(default, a);
    }

    [Fact]
    public void TryAttribute_EndpointEniIPv6DestinationIsEni_ToEndpointWithIPv6Client()
    {
        bool attributed = _attributor.TryAttribute(
            Endpoint, Both, A("2600:1f18:aaaa:1002::50"), A("2600:1f18:aaaa:2003::10"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.ToEndpoint, true, A("2600:1f18:aaaa:1002::50"), SubnetB2), a);
    }

    [Fact]
    public void TryAttribute_EndpointEniIPv6SourceIsEniCompressedForm_FromEndpoint()
    {
        // The same address written out in full: addresses compare as numbers, not text.
        bool attributed = _attributor.TryAttribute(
            Endpoint, Both, A("2600:1f18:aaaa:2003:0:0:0:10"), A("2600:1f18:aaaa:10ff::1"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.FromEndpoint, true, A("2600:1f18:aaaa:10ff::1"), SubnetA1), a);
    }

    [Theory]
    [InlineData("10.1.2.50", AttributionInventory.SubnetB2)]     // in the /24 and the /16: the /24 wins
    [InlineData("10.1.2.0", AttributionInventory.SubnetB2)]
    [InlineData("10.1.2.255", AttributionInventory.SubnetB2)]
    [InlineData("10.1.3.0", AttributionInventory.SubnetA1)]      // just past the /24: only the /16
    [InlineData("10.1.1.255", AttributionInventory.SubnetA1)]    // just before the /24
    [InlineData("10.1.0.0", AttributionInventory.SubnetA1)]
    [InlineData("10.1.255.255", AttributionInventory.SubnetA1)]
    [InlineData("10.2.3.77", AttributionInventory.SubnetC3)]
    [InlineData("10.0.255.255", null)]                           // just before the /16
    [InlineData("10.2.0.0", null)]                               // just after the /16
    [InlineData("192.168.1.1", null)]
    [InlineData("0.0.0.1", null)]                                // numerically inside ::/64 as ::ffff:0.0.0.1
    [InlineData("2600:1f18:aaaa:1002::50", AttributionInventory.SubnetB2)]   // the /64 inside the /56
    [InlineData("2600:1f18:aaaa:1002:ffff:ffff:ffff:ffff", AttributionInventory.SubnetB2)]
    [InlineData("2600:1f18:aaaa:1003::1", AttributionInventory.SubnetA1)]
    [InlineData("2600:1f18:aaaa:10ff:ffff:ffff:ffff:ffff", AttributionInventory.SubnetA1)]
    [InlineData("2600:1f18:aaaa:1100::", null)]                 // just past the /56
    [InlineData("2001:db8::1", null)]
    [InlineData("::1", AttributionInventory.SubnetD4)]          // the IPv6-only ::/64 does hold IPv6 addresses
    [InlineData("::a01:232", AttributionInventory.SubnetD4)]    // ::10.1.2.50 (IPv4-compatible form) is IPv6, not 10.1.2.50
    public void TryAttribute_ClientAddress_SubnetByLongestPrefixWithinFamily(string client, string? expectedSubnet)
    {
        bool attributed = _attributor.TryAttribute(Endpoint, Both, A(client), A("10.2.3.10"), FlowDirection.Ingress, out EndpointAttribution a);

        int expected = expectedSubnet is null ? -1 : AttributionInventory.SubnetIndex(Inventory, expectedSubnet);
        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.EndpointEni, EndpointDirection.ToEndpoint, true, A(client), expected), a);
    }

    [Fact]
    public void TryAttribute_IPv4ClientOutsideIPv4Subnets_NeverInIPv6OnlySubnet()
    {
        // ::/64 covers every IPv4-mapped value (::ffff:a.b.c.d) as a 128-bit number.
        Assert.True(Inventory.Subnets[SubnetD4].CidrBlocks[0].Contains(A("::2")));

        bool attributed = _attributor.TryAttribute(Client, Both, A("172.16.0.9"), A("10.2.3.10"), NoFlowDirection, out EndpointAttribution a);

        Assert.True(attributed);
        Assert.Equal(new EndpointAttribution(Endpoint, ObservedAt.ClientEni, EndpointDirection.ToEndpoint, true, A("172.16.0.9"), -1), a);
        Assert.False(Inventory.TryFindSubnet(A("172.16.0.9"), out int subnet));
        Assert.Equal(-1, subnet);
    }

    [Theory]
    [InlineData("10.2.3.10", true)]
    [InlineData("2600:1f18:aaaa:2003::10", true)]
    [InlineData("10.2.3.11", false)]
    [InlineData("2600:1f18:aaaa:2003::11", false)]
    [InlineData("10.1.2.50", false)]
    public void Owns_EndpointEniAddress_TrueOnlyForItsOwn(string address, bool expected)
    {
        Assert.Equal(expected, _attributor.Owns(Endpoint, A(address)));
    }

    [Fact]
    public void Inventory_LoadedFixture_HasTheEnisAndEndpoint()
    {
        Assert.Equal(2, Inventory.Interfaces.Count);
        Assert.Equal(4, Inventory.Subnets.Count);
        NetworkInterfaceEntry eni = Inventory.Interfaces[Endpoint];
        Assert.True(eni.IsEndpointInterface);
        Assert.Equal(AttributionInventory.EndpointId, Inventory.Endpoints[eni.EndpointIndex].Id);
        Assert.Equal(AttributionInventory.Service, Inventory.Endpoints[eni.EndpointIndex].ServiceName);
        Assert.Equal([A("10.2.3.10"), A("2600:1f18:aaaa:2003::10")], eni.Addresses);
        Assert.False(Inventory.Interfaces[Client].IsEndpointInterface);
    }

    private static FlowAddress A(string text) => FlowAddress.Parse(text);
}
