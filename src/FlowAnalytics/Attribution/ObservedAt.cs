namespace FlowAnalytics.Attribution;

/// <summary>Which end of a flow the record was logged at (DESIGN §4).</summary>
public enum ObservedAt : byte
{
    /// <summary>The record's interface-id is the endpoint ENI.</summary>
    EndpointEni = 1,
    /// <summary>The record's interface-id is another ENI whose peer address is an endpoint ENI's.</summary>
    ClientEni = 2,
}
