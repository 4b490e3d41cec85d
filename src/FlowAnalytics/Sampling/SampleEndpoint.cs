namespace FlowAnalytics.Sampling;

/// <summary>An interface VPC endpoint of the sample scenario and how its traffic looks.</summary>
internal sealed class SampleEndpoint
{
    /// <summary>Creates an endpoint; its ENIs are added by the scenario builder.</summary>
    public SampleEndpoint(string id, string service, string region, string dnsSuffix, string securityGroupId, double trafficShare, double responseBytesPerRequestByte)
    {
        Id = id;
        Service = service;
        ServiceName = $"com.amazonaws.{region}.{service}";
        DnsSuffix = dnsSuffix;
        SecurityGroupId = securityGroupId;
        TrafficShare = trafficShare;
        ResponseBytesPerRequestByte = responseBytesPerRequestByte;
    }

    /// <summary><c>vpce-…</c></summary>
    public string Id { get; }

    /// <summary>The short service name (<c>s3</c>, <c>ecr.api</c>).</summary>
    public string Service { get; }

    /// <summary>The full service name (<c>com.amazonaws.us-east-1.s3</c>).</summary>
    public string ServiceName { get; }

    /// <summary>The random part AWS puts in the endpoint's DNS names (<c>vpce-…-abcd1234.s3…</c>).</summary>
    public string DnsSuffix { get; }

    /// <summary>The endpoint's security group.</summary>
    public string SecurityGroupId { get; }

    /// <summary>The share of client-to-endpoint conversations that go to this endpoint.</summary>
    public double TrafficShare { get; }

    /// <summary>How much larger responses are than requests (S3 and ECR serve downloads; STS and KMS are small).</summary>
    public double ResponseBytesPerRequestByte { get; }

    /// <summary>The endpoint's ENIs, one per subnet, in AZ order.</summary>
    public List<SampleInterface> Interfaces { get; } = [];

    /// <summary>The endpoint's ENI in <paramref name="zone"/>, or null when it has none there.</summary>
    public SampleInterface? InterfaceIn(SampleZone zone)
    {
        foreach (SampleInterface eni in Interfaces)
        {
            if (eni.Zone == zone)
            {
                return eni;
            }
        }

        return null;
    }
}
