using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using FlowAnalytics.S3;

namespace FlowAnalytics.Tests.S3;

public sealed class S3ClientFactoryTests
{
    [Fact]
    public void CreateConfig_CustomEndpoint_PathStyleAndPlainPayloads()
    {
        AmazonS3Config config = S3ClientFactory.CreateConfig(new S3ClientOptions { EndpointUrl = "http://127.0.0.1:4568" });

        Assert.Equal("http://127.0.0.1:4568/", config.ServiceURL);
        Assert.True(config.ForcePathStyle);
        string expectedRegion = Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } r ? r
            : Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 } d ? d : "us-east-1";
        Assert.Equal(expectedRegion, config.AuthenticationRegion);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
    }

    [Fact]
    public void CreateConfig_Aws_KeepsTheSdkDefaults()
    {
        var defaults = new AmazonS3Config();

        AmazonS3Config config = S3ClientFactory.CreateConfig(new S3ClientOptions { Region = "eu-west-1" });

        Assert.Null(config.ServiceURL);
        Assert.False(config.ForcePathStyle);
        Assert.Equal(RegionEndpoint.EUWest1, config.RegionEndpoint);
        Assert.Equal(defaults.RequestChecksumCalculation, config.RequestChecksumCalculation);
        Assert.Equal(defaults.ResponseChecksumValidation, config.ResponseChecksumValidation);
        Assert.False(new S3ClientOptions().UsesPlainPayloads);
    }

    [Fact]
    public void CreateConfig_EndpointWithPlainPayloadsOff_KeepsChecksumDefaults()
    {
        var options = new S3ClientOptions { EndpointUrl = "https://s3.example.internal", PlainPayloads = false, Region = "eu-central-1" };

        AmazonS3Config config = S3ClientFactory.CreateConfig(options);

        Assert.False(options.UsesPlainPayloads);
        Assert.Equal("eu-central-1", config.AuthenticationRegion);
        Assert.Equal(new AmazonS3Config().RequestChecksumCalculation, config.RequestChecksumCalculation);
    }

    [Theory]
    [InlineData(null, "http://from-env:9000", "http://from-env:9000")]
    [InlineData("http://explicit:9000", "http://from-env:9000", "http://explicit:9000")]
    [InlineData(null, null, null)]
    [InlineData(null, "  ", null)]
    public void WithEndpointFromEnvironment_ExplicitEndpointWins(string? explicitEndpoint, string? variable, string? expected)
    {
        var options = new S3ClientOptions { EndpointUrl = explicitEndpoint };

        S3ClientOptions resolved = options.WithEndpointFromEnvironment(name => name == S3ClientOptions.EndpointVariable ? variable : null);

        Assert.Equal(expected, resolved.EndpointUrl);
        Assert.Equal(expected is not null, resolved.UsesPlainPayloads);
    }

    [Theory]
    [InlineData("ftp://store:21", null, "not an http:// or https:// URL")]
    [InlineData("127.0.0.1:9000", null, "not an http:// or https:// URL")]
    [InlineData(null, "EU West", "not a region name")]
    public void CreateConfig_BadOptions_ThrowsSayingWhy(string? endpoint, string? region, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => S3ClientFactory.CreateConfig(new S3ClientOptions { EndpointUrl = endpoint, Region = region }));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
