using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>The key of an <c>eni_traffic</c> row: every ENI seen, endpoint or not.</summary>
/// <param name="WindowStart">Window start in Unix seconds, or <see cref="long.MinValue"/> when the record has no start.</param>
/// <param name="Eni">The logged interface.</param>
/// <param name="Account">The record's account id (default when absent).</param>
/// <param name="Direction">Relative to the ENI: 1 ingress, 2 egress, 0 unknown (same values as <see cref="FlowDirection"/>).</param>
public readonly record struct EniTrafficKey(long WindowStart, ResourceId Eni, AccountId Account, byte Direction)
{
    /// <inheritdoc/>
    public override int GetHashCode() =>
        KeyHash.Of((ulong)WindowStart ^ ((ulong)Direction << 56), Account.Packed ^ (ulong)Eni.GetHashCode());
}
