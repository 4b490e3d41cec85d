namespace FlowAnalytics.Sampling;

/// <summary>What a sample ENI belongs to; decides its <c>InterfaceType</c> and its traffic.</summary>
internal enum SampleInterfaceKind : byte
{
    /// <summary>An interface endpoint's ENI (<c>InterfaceType: vpc_endpoint</c>, requester-managed).</summary>
    Endpoint,

    /// <summary>A client instance's primary ENI (<c>InterfaceType: interface</c>).</summary>
    Client,

    /// <summary>The NAT gateway's ENI (<c>InterfaceType: nat_gateway</c>, requester-managed).</summary>
    NatGateway,
}
