using FlowAnalytics.Inventory;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Inventory;

public sealed class CidrBlockTests
{
    [Theory]
    [InlineData("10.0.16.0/20", true, 20, "10.0.16.0/20")]
    [InlineData("0.0.0.0/0", true, 0, "0.0.0.0/0")]
    [InlineData("10.0.0.7/32", true, 32, "10.0.0.7/32")]
    [InlineData("2600:1f18:4a3b:6c00::/56", false, 56, "2600:1f18:4a3b:6c00::/56")]
    [InlineData("2600:1F18:4A3B:6C00:0:0:0:0/56", false, 56, "2600:1f18:4a3b:6c00::/56")]
    [InlineData("::/0", false, 0, "::/0")]
    [InlineData("2600:1f18::7/128", false, 128, "2600:1f18::7/128")]
    public void TryParse_ValidBlock_FamilyLengthAndText(string text, bool ipv4, int length, string formatted)
    {
        Assert.True(CidrBlock.TryParse(text, out CidrBlock block));
        Assert.Equal(ipv4, block.IsIPv4);
        Assert.Equal(length, block.PrefixLength);
        Assert.Equal(formatted, block.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0")]
    [InlineData("/24")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("10.0.0.0/0008")]
    [InlineData("10.0.0.1/24")]
    [InlineData("10.0.0/24")]
    [InlineData("10.0.0.0/24/1")]
    [InlineData("2600::/129")]
    [InlineData("2600::1/64")]
    [InlineData("::ffff:10.0.0.0/120")]
    [InlineData("fe80::/10%eth0")]
    [InlineData("１0.0.0.0/8")]
    public void TryParse_InvalidBlock_False(string text)
    {
        Assert.False(CidrBlock.TryParse(text, out _));
        Assert.Throws<FormatException>(() => CidrBlock.Parse(text));
    }

    [Theory]
    [InlineData("10.0.16.0/20", "10.0.16.0", true)]
    [InlineData("10.0.16.0/20", "10.0.31.255", true)]
    [InlineData("10.0.16.0/20", "10.0.32.0", false)]
    [InlineData("10.0.16.0/20", "::ffff:10.0.17.1", true)]
    [InlineData("0.0.0.0/0", "2600::1", false)]
    [InlineData("0.0.0.0/0", "::a00:1", false)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("::/0", "2600::1", true)]
    [InlineData("2600:1f18::/32", "2600:1f19::", false)]
    public void Contains_Address_FamilyAwareMembership(string block, string address, bool expected)
    {
        Assert.Equal(expected, CidrBlock.Parse(block).Contains(FlowAddress.Parse(address)));
    }
}
