using FlowAnalytics.Records;

namespace FlowAnalytics.Attribution;

/// <summary>How one record relates to a VPC interface endpoint.</summary>
/// <param name="EndpointInterface">Inventory index of the endpoint ENI.</param>
/// <param name="ObservedAt">Which end logged the record.</param>
/// <param name="Direction">Which way the traffic went.</param>
/// <param name="HasClient">True when the client's address is known.</param>
/// <param name="Client">The client's address (valid when <paramref name="HasClient"/>).</param>
/// <param name="ClientSubnet">Inventory index of the subnet holding the client, or -1.</param>
public readonly record struct EndpointAttribution(
    int EndpointInterface, ObservedAt ObservedAt, EndpointDirection Direction, bool HasClient, FlowAddress Client, int ClientSubnet);
