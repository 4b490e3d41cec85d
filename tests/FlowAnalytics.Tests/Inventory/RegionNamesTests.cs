using FlowAnalytics.Inventory;

namespace FlowAnalytics.Tests.Inventory;

public sealed class RegionNamesTests
{
    [Theory]
    [InlineData("us-east-1a", "us-east-1")]
    [InlineData("eu-central-1c", "eu-central-1")]
    [InlineData("ap-southeast-2b", "ap-southeast-2")]
    [InlineData("us-gov-west-1a", "us-gov-west-1")]
    [InlineData("cn-northwest-1b", "cn-northwest-1")]
    [InlineData("us-east-1-bos-1a", "us-east-1")]
    [InlineData("us-west-2-lax-1b", "us-west-2")]
    [InlineData("us-east-1-wl1-bos-wlz-1", "us-east-1")]
    [InlineData("me-central-1a", "me-central-1")]
    [InlineData("use1-az4", null)]
    [InlineData("us-east", null)]
    [InlineData("1a", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void FromAvailabilityZone_ZoneName_Region(string? zone, string? region)
    {
        Assert.Equal(region, RegionNames.FromAvailabilityZone(zone));
    }

    [Theory]
    [InlineData("com.amazonaws.us-east-1.s3", "us-east-1")]
    [InlineData("com.amazonaws.eu-west-1.ecr.dkr", "eu-west-1")]
    [InlineData("com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0", "eu-west-1")]
    [InlineData("com.amazonaws.vpce.vpce-svc-0123456789", null)]
    [InlineData("aws.sagemaker.us-west-2.notebook", "us-west-2")]
    [InlineData("com.amazonaws.us-gov-east-1.kms-fips", "us-gov-east-1")]
    [InlineData("com.amazonaws.s3-global.accesspoint", null)]
    [InlineData(null, null)]
    public void FromServiceName_ServiceName_Region(string? serviceName, string? region)
    {
        Assert.Equal(region, RegionNames.FromServiceName(serviceName));
    }
}
