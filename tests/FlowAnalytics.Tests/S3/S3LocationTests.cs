using FlowAnalytics.S3;

namespace FlowAnalytics.Tests.S3;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://flow-logs", "flow-logs", "")]
    [InlineData("s3://flow-logs/", "flow-logs", "")]
    [InlineData("s3://flow-logs/exports", "flow-logs", "exports/")]
    [InlineData("s3://flow-logs/exports/vpc/", "flow-logs", "exports/vpc/")]
    [InlineData("S3://flow.logs-2026/AWSLogs", "flow.logs-2026", "AWSLogs/")]
    public void Parse_BucketAndPrefix_PrefixNamesAFolder(string uri, string bucket, string keyPrefix)
    {
        S3Location location = S3Location.Parse(uri);

        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(keyPrefix, location.KeyPrefix);
        Assert.Equal($"s3://{bucket}/{keyPrefix}", location.ToString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("s3://", "names no bucket")]
    [InlineData("s3:///exports", "names no bucket")]
    [InlineData("https://flow-logs/exports", "the scheme must be s3:// (not https://)")]
    [InlineData("s3a://flow-logs/exports", "the scheme must be s3:// (not s3a://)")]
    [InlineData("flow-logs/exports", "write s3://bucket/prefix")]
    [InlineData("s3://Flow_Logs/exports", "illegal bucket name 'Flow_Logs': a bucket name holds only lowercase letters, digits, '.' and '-' (not 'F')")]
    [InlineData("s3://ab", "3 to 63 characters (this one has 2)")]
    [InlineData("s3://-flow-logs", "starts and ends with a letter or digit")]
    [InlineData("s3://flow..logs", "no two adjacent periods")]
    [InlineData("s3://192.168.10.20/x", "is not an IP address")]
    [InlineData("s3://xn--flow-logs", "the prefix 'xn--' is reserved")]
    [InlineData("s3://flow-logs-s3alias", "the suffix '-s3alias' is reserved")]
    [InlineData("s3://flow-logs//exports", "it starts with '/'")]
    [InlineData("s3://flow-logs/exports//vpc", "an empty folder ('//')")]
    [InlineData("s3://flow-logs/exp\norts", "a control character")]
    public void Parse_BadUri_ThrowsFormatExceptionSayingWhy(string uri, string reason)
    {
        var e = Assert.Throws<FormatException>(() => S3Location.Parse(uri));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.False(S3Location.TryParse(uri, out _, out string? error));
        Assert.Equal(e.Message, error);
    }

    [Theory]
    [InlineData("s3://bucket", true)]
    [InlineData("S3://bucket/x", true)]
    [InlineData("/data/s3://x", false)]
    [InlineData("data-samples/AWSLogs", false)]
    [InlineData(null, false)]
    public void IsS3Uri_Value_TellsS3FromLocalPaths(string? value, bool expected) => Assert.Equal(expected, S3Location.IsS3Uri(value));

    [Fact]
    public void UriOf_RelativeKey_RoundTripsThroughKeyOfUri()
    {
        S3Location location = S3Location.Parse("s3://flow-logs/exports");

        string uri = location.UriOf("AWSLogs/a.log.gz");

        Assert.Equal("s3://flow-logs/exports/AWSLogs/a.log.gz", uri);
        Assert.Equal("exports/AWSLogs/a.log.gz", location.KeyOfUri(uri));
        Assert.Null(location.KeyOfUri("s3://other-bucket/exports/AWSLogs/a.log.gz"));
        Assert.Equal("s3://flow-logs/exports/summaries/", location.Child("summaries").ToString());
    }
}
