namespace FlowAnalytics.Sampling;

/// <summary>What a sample subnet is for (decides its name tag and which ENIs it holds).</summary>
internal enum SampleSubnetRole : byte
{
    /// <summary>Private subnet holding the interface endpoints' ENIs.</summary>
    Endpoint,

    /// <summary>Private subnet holding the client instances.</summary>
    Client,

    /// <summary>Public subnet holding the NAT gateway.</summary>
    Public,
}
