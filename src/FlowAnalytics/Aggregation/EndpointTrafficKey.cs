using FlowAnalytics.Attribution;
using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// The key of an <c>endpoint_traffic</c> row. Everything else in the row (account, region, VPC,
/// endpoint, service, AZ, subnet) is a property of the endpoint ENI, so the key holds its inventory
/// index instead of the strings.
/// </summary>
/// <param name="WindowStart">Window start in Unix seconds, or <see cref="long.MinValue"/> when the record has no start.</param>
/// <param name="EndpointInterface">Inventory index of the endpoint ENI.</param>
/// <param name="ClientAz">Index of the client's AZ id in the aggregator's AZ list, or -1.</param>
/// <param name="Direction">Which way the traffic went.</param>
/// <param name="ObservedAt">Which end logged it.</param>
public readonly record struct EndpointTrafficKey(
    long WindowStart, int EndpointInterface, int ClientAz, EndpointDirection Direction, ObservedAt ObservedAt)
{
    /// <inheritdoc/>
    public override int GetHashCode() => KeyHash.Of(
        (ulong)WindowStart,
        ((ulong)(uint)EndpointInterface << 32) ^ ((ulong)(uint)ClientAz << 8) ^ ((ulong)Direction << 4) ^ (ulong)ObservedAt);
}
