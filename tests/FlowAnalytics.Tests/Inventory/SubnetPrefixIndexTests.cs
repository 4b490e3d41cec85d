using FlowAnalytics.Inventory;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Inventory;

public sealed class SubnetPrefixIndexTests
{
    [Theory]
    [InlineData("10.0.0.7", 0)]
    [InlineData("10.0.0.6", 1)]
    [InlineData("10.0.0.8", 1)]
    [InlineData("10.0.0.0", 1)]
    [InlineData("10.0.0.255", 1)]
    [InlineData("10.0.1.0", 2)]
    [InlineData("10.0.255.255", 2)]
    [InlineData("9.255.255.255", 3)]
    [InlineData("10.1.0.0", 3)]
    [InlineData("0.0.0.0", 3)]
    [InlineData("255.255.255.255", 3)]
    public void Find_NestedIPv4Blocks_LongestPrefixWins(string address, int expected)
    {
        SubnetPrefixIndex index = Index(Subnet(0, "10.0.0.7/32"), Subnet(0, "10.0.0.0/24"), Subnet(0, "10.0.0.0/16"), Subnet(0, "0.0.0.0/0"));

        Assert.Equal(expected, index.Find(FlowAddress.Parse(address), -1));
    }

    [Theory]
    [InlineData("2600:1f18:4a3b:6c10::7", 0)]
    [InlineData("2600:1f18:4a3b:6c10::6", 1)]
    [InlineData("2600:1f18:4a3b:6c10::", 1)]
    [InlineData("2600:1f18:4a3b:6c10:ffff:ffff:ffff:ffff", 1)]
    [InlineData("2600:1f18:4a3b:6c11::", 2)]
    [InlineData("2600:1f18:4a3b:6cff:ffff:ffff:ffff:ffff", 2)]
    [InlineData("2600:1f18:4a3b:6c00::", 2)]
    [InlineData("2600:1f18:4a3b:6bff:ffff:ffff:ffff:ffff", 3)]
    [InlineData("::", 3)]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 3)]
    public void Find_NestedIPv6Blocks_LongestPrefixWins(string address, int expected)
    {
        SubnetPrefixIndex index = Index(
            Subnet(0, "2600:1f18:4a3b:6c10::7/128"), Subnet(0, "2600:1f18:4a3b:6c10::/64"), Subnet(0, "2600:1f18:4a3b:6c00::/56"), Subnet(0, "::/0"));

        Assert.Equal(expected, index.Find(FlowAddress.Parse(address), -1));
    }

    [Theory]
    [InlineData("10.0.16.0", 0)]
    [InlineData("10.0.31.255", 0)]
    [InlineData("10.0.15.255", -1)]
    [InlineData("10.0.32.0", -1)]
    [InlineData("192.168.0.0", 1)]
    [InlineData("192.168.0.3", 1)]
    [InlineData("192.168.0.4", -1)]
    [InlineData("192.167.255.255", -1)]
    public void Find_FirstAndLastAddresses_InsideOnly(string address, int expected)
    {
        SubnetPrefixIndex index = Index(Subnet(0, "10.0.16.0/20"), Subnet(0, "192.168.0.0/30"));

        Assert.Equal(expected, index.Find(FlowAddress.Parse(address), -1));
    }

    [Theory]
    [InlineData("::a00:1", -1)]
    [InlineData("::", -1)]
    [InlineData("64:ff9b::a00:1", -1)]
    [InlineData("10.0.0.1", 0)]
    [InlineData("::ffff:10.0.0.1", 0)]
    public void Find_IPv4DefaultRoute_NeverMatchesIPv6(string address, int expected)
    {
        SubnetPrefixIndex index = Index(Subnet(0, "0.0.0.0/0"));

        Assert.Equal(expected, index.Find(FlowAddress.Parse(address), -1));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    public void Find_IPv6BlocksHoldingMappedRange_NeverMatchIPv4(string address)
    {
        // ::/80 and ::ffff:0:0/96 hold every IPv4-mapped value numerically; IPv4 must still miss.
        SubnetPrefixIndex index = Index(Subnet(0, "::/0"), Subnet(0, "::/80"));

        Assert.Equal(-1, index.Find(FlowAddress.Parse(address), -1));
        Assert.Equal(1, index.Find(FlowAddress.Parse("::1"), -1));
    }

    [Fact]
    public void Find_MappedTextFromReader_MatchesIPv4Block()
    {
        SubnetPrefixIndex index = Index(Subnet(0, "10.0.16.0/20"));
        Assert.True(AddressParser.TryParse("::ffff:10.0.20.1"u8, out FlowAddress mapped));

        Assert.True(mapped.IsIPv4);
        Assert.Equal(0, index.Find(mapped, -1));
    }

    [Fact]
    public void Find_SameBlockInTwoVpcs_PreferredVpcPicksElseFirst()
    {
        SubnetPrefixIndex index = Index(Subnet(0, "10.0.1.0/24"), Subnet(1, "10.0.1.0/24"), Subnet(2, "10.0.1.0/24"));
        FlowAddress address = FlowAddress.Parse("10.0.1.9");

        Assert.Equal(0, index.Find(address, -1));
        Assert.Equal(0, index.Find(address, 0));
        Assert.Equal(1, index.Find(address, 1));
        Assert.Equal(2, index.Find(address, 2));
        Assert.Equal(0, index.Find(address, 5));
    }

    [Fact]
    public void Find_PreferredVpcHasShorterBlock_PreferredVpcWins()
    {
        SubnetPrefixIndex index = Index(Subnet(0, "10.0.0.0/16"), Subnet(1, "10.0.1.0/24"));
        FlowAddress address = FlowAddress.Parse("10.0.1.9");

        Assert.Equal(1, index.Find(address, -1));
        Assert.Equal(0, index.Find(address, 0));
        Assert.Equal(1, index.Find(address, 1));
        Assert.Equal(1, index.Find(address, 7));
        Assert.Equal(0, index.Find(FlowAddress.Parse("10.0.2.9"), 1));
    }

    [Fact]
    public void Find_NoSubnetsOrNoBlocks_Misses()
    {
        Assert.Equal(-1, Index().Find(FlowAddress.Parse("10.0.0.1"), -1));
        Assert.Equal(-1, Index(Subnet(0)).Find(FlowAddress.Parse("2600::1"), 0));
    }

    [Fact]
    public void Find_RandomBlocks_SameAsLinearScan()
    {
        var random = new Random(20240611);
        var subnets = new List<SubnetEntry>();
        for (int i = 0; i < 400; i++)
        {
            bool ipv4 = random.Next(2) == 0;
            int length = ipv4 ? random.Next(8, 33) : random.Next(32, 129);
            FlowAddress address = RandomAddress(random, ipv4);
            Bits128 network = address.Value & Bits128.LeadingOnes(ipv4 ? 96 + length : length);
            subnets.Add(Subnet(i % 3, $"{new FlowAddress(network)}/{length}"));
        }

        SubnetPrefixIndex index = Index([.. subnets]);
        for (int i = 0; i < 20_000; i++)
        {
            // Half the probes start from a block's network so that hits are common.
            SubnetEntry near = subnets[random.Next(subnets.Count)];
            FlowAddress probe = random.Next(2) == 0
                ? new FlowAddress((near.CidrBlocks[0].Network.Value.ToUInt128() | (RandomAddress(random, near.CidrBlocks[0].IsIPv4).Value.ToUInt128() & ~near.CidrBlocks[0].Mask.ToUInt128())).ToBits128())
                : RandomAddress(random, random.Next(2) == 0);
            Assert.Equal(LinearScan(subnets, probe), index.Find(probe, -1));
        }
    }

    private static int LinearScan(List<SubnetEntry> subnets, FlowAddress address)
    {
        int best = -1;
        int bestLength = -1;
        for (int i = 0; i < subnets.Count; i++)
        {
            CidrBlock block = subnets[i].CidrBlocks[0];
            if (block.Contains(address) && block.PrefixLength > bestLength)
            {
                best = i;
                bestLength = block.PrefixLength;
            }
        }

        return best;
    }

    private static FlowAddress RandomAddress(Random random, bool ipv4)
    {
        // Few distinct high bits make nesting and collisions between random blocks likely.
        if (ipv4)
        {
            return FlowAddress.FromIPv4(0x0A00_0000u | (uint)random.Next(0, 1 << 18));
        }

        return FlowAddress.FromIPv6(0x2600_1f18_0000_0000UL | (ulong)random.Next(0, 1 << 10) << 16, (ulong)random.NextInt64());
    }

    private static SubnetPrefixIndex Index(params SubnetEntry[] subnets)
    {
        for (int i = 0; i < subnets.Length; i++)
        {
            subnets[i] = subnets[i] with { Index = i, Id = $"subnet-{i:x2}" };
        }

        return new SubnetPrefixIndex(subnets);
    }

    private static SubnetEntry Subnet(int vpc, params string[] blocks) =>
        new() { Id = "subnet-00", VpcIndex = vpc, CidrBlocks = blocks.Select(CidrBlock.Parse).ToArray() };
}
