namespace FlowAnalytics.Aggregation;

/// <summary>The way traffic between a VPC and an AWS service went (the <c>path</c> of <c>service_paths</c>).</summary>
public enum ServicePath : byte
{
    /// <summary>The record does not say (an ingress record carries no traffic-path).</summary>
    Unknown,
    /// <summary>traffic-path 7: a gateway VPC endpoint (Nitro instances).</summary>
    GatewayEndpoint,
    /// <summary>Attributed to an interface VPC endpoint of the service.</summary>
    InterfaceEndpoint,
    /// <summary>Logged at a NAT gateway ENI, the inside leg (client ↔ NAT).</summary>
    NatGateway,
    /// <summary>traffic-path 8: an internet gateway (Nitro instances).</summary>
    InternetGateway,
    /// <summary>traffic-path 2: an internet gateway or a gateway VPC endpoint (AWS does not say which).</summary>
    InternetGatewayOrGatewayEndpoint,
    /// <summary>traffic-path 3–6: a virtual private gateway, peering, a local gateway.</summary>
    Other,
}

/// <summary>The AWS service names of <c>pkt-src-aws-service</c>/<c>pkt-dst-aws-service</c>, as indexes.</summary>
public static class AwsServiceNames
{
    /// <summary>The names AWS documents; anything else is <see cref="OtherIndex"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "AMAZON", "AMAZON_APPFLOW", "AMAZON_CONNECT", "API_GATEWAY", "CHIME_MEETINGS", "CHIME_VOICECONNECTOR", "CLOUD9",
        "CLOUDFRONT", "CODEBUILD", "DYNAMODB", "EBS", "EC2", "EC2_INSTANCE_CONNECT", "GLOBALACCELERATOR",
        "KINESIS_VIDEO_STREAMS", "ROUTE53", "ROUTE53_HEALTHCHECKS", "ROUTE53_HEALTHCHECKS_PUBLISHING", "ROUTE53_RESOLVER",
        "S3", "WORKSPACES_GATEWAYS", "OTHER",
    ];

    private static readonly byte[][] Utf8 = Encode(Names);

    /// <summary>The index of S3.</summary>
    public static readonly int S3 = IndexOf("S3"u8);

    /// <summary>The index of DynamoDB.</summary>
    public static readonly int DynamoDb = IndexOf("DYNAMODB"u8);

    /// <summary>The index of names AWS does not document (yet).</summary>
    public static int OtherIndex => Names.Count - 1;

    private static byte[][] Encode(IReadOnlyList<string> names)
    {
        var bytes = new byte[names.Count][];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = System.Text.Encoding.ASCII.GetBytes(names[i]);
        }

        return bytes;
    }

    /// <summary>The index of <paramref name="name"/> (UTF-8), or <see cref="OtherIndex"/>.</summary>
    public static int IndexOf(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < Utf8.Length - 1; i++)
        {
            if (name.SequenceEqual(Utf8[i]))
            {
                return i;
            }
        }

        return OtherIndex;
    }
}
