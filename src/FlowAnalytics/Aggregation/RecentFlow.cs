namespace FlowAnalytics.Aggregation;

/// <summary>One slot of <see cref="RecentFlows"/>: a flow's key (written by the table) and what it resolved to.</summary>
internal struct RecentFlow
{
    /// <summary>Set in every used slot's tag, so an empty slot never matches.</summary>
    public const ulong UsedTag = 1UL << 63;

    public ulong Tag;
    public ulong SourceLow;
    public ulong DestinationLow;
    public ulong EniLow;
    public ulong EniHigh;
    public ulong SourceHigh;
    public ulong DestinationHigh;
    public ulong Account;
    public long Window;

    /// <summary>The <c>eni_traffic</c> row of the logged ENI, or null when the record names none.</summary>
    public TrafficMetrics? Eni;

    /// <summary>The <c>endpoint_traffic</c> row, or null when the flow is no endpoint's.</summary>
    public TrafficMetrics? Endpoint;

    /// <summary>The hash of the ENI's peer address (<see cref="DistinctSketch.Hash"/>), when <see cref="HasPeer"/>.</summary>
    public ulong PeerHash;

    /// <summary>The hash of the endpoint's client address, when <see cref="HasClient"/>.</summary>
    public ulong ClientHash;

    /// <summary>Inventory index of the logged ENI, or -1 when it is not in the inventory.</summary>
    public int InterfaceIndex;

    /// <summary>Inventory index of the endpoint ENI the flow is attributed to.</summary>
    public int EndpointInterface;

    /// <summary>The client's subnet (inventory index), or -1.</summary>
    public int ClientSubnet;

    public bool HasPeer;
    public bool HasClient;

    /// <summary>Seen at the endpoint ENI with a known direction: a leg of <c>service_paths</c>.</summary>
    public bool IsEndpointPath;

    /// <summary>Client → endpoint.</summary>
    public bool ToEndpoint;

    /// <summary>True once <see cref="EndpointPath"/> has been looked up for this flow.</summary>
    public bool EndpointPathKnown;

    /// <summary>The <c>service_paths</c> row of an endpoint leg (null when the endpoint is not S3's or DynamoDB's).</summary>
    public ServicePathMetrics? EndpointPath;
}
