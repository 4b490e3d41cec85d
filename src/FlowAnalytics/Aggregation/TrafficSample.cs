using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// The values of one record that the metrics use, already typed and null-resolved. Times use
/// <see cref="NoTime"/> for null rather than <see cref="Nullable{T}"/>, and the object's arrival
/// time and the client travel apart: under 64 bytes the JIT copies the struct inline, above it
/// calls memmove, which cost a third of the aggregation time. One sample serves both rows a
/// record counts in; only the client differs between them.
/// </summary>
/// <param name="Packets">Packets, 0 when absent.</param>
/// <param name="Bytes">Bytes, 0 when absent.</param>
/// <param name="Action">The action, 0 when absent.</param>
/// <param name="Status">The log status, 0 when absent.</param>
/// <param name="TcpFlags">TCP flags, or -1 when absent.</param>
/// <param name="Start">Start in Unix seconds, or <see cref="NoTime"/>.</param>
/// <param name="End">End in Unix seconds, or <see cref="NoTime"/>.</param>
internal readonly record struct TrafficSample(
    long Packets, long Bytes, FlowAction Action, LogStatus Status, int TcpFlags, long Start, long End)
{
    /// <summary>The value of a time that is absent.</summary>
    public const long NoTime = long.MinValue;
}
