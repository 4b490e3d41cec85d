using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>The values of one record that the metrics use, already typed and null-resolved.</summary>
/// <param name="Packets">Packets, 0 when absent.</param>
/// <param name="Bytes">Bytes, 0 when absent.</param>
/// <param name="Action">The action, 0 when absent.</param>
/// <param name="Status">The log status, 0 when absent.</param>
/// <param name="TcpFlags">TCP flags, or -1 when absent.</param>
/// <param name="Start">Start in Unix seconds, or null.</param>
/// <param name="End">End in Unix seconds, or null.</param>
/// <param name="Arrival">The object's arrival in Unix seconds, or null when unknown.</param>
/// <param name="HasClient">True when <paramref name="Client"/> is known.</param>
/// <param name="Client">The client (peer) address.</param>
public readonly record struct TrafficSample(
    long Packets, long Bytes, FlowAction Action, LogStatus Status, int TcpFlags,
    long? Start, long? End, long? Arrival, bool HasClient, FlowAddress Client);
