using FlowAnalytics.Aggregation;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Aggregation;

public sealed class RecentMetricsTests
{
    [Fact]
    public void Get_KeysSharingASlot_EachKeepsItsOwnMetrics()
    {
        var map = new Dictionary<EniTrafficKey, TrafficMetrics>();
        var recent = new RecentMetrics<EniTrafficKey>(4);
        EniTrafficKey a = Key(1), b = Key(2);

        // Slots 1 and 5 are one slot of four: b evicts a, and a comes back from the map.
        TrafficMetrics first = recent.Get(map, a, 1);
        TrafficMetrics second = recent.Get(map, b, 5);
        TrafficMetrics again = recent.Get(map, a, 1);

        Assert.NotSame(first, second);
        Assert.Same(first, again);
        Assert.Same(first, map[a]);
        Assert.Same(second, map[b]);
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void Get_KeyFirstSeenInAFilledSlot_AddedToTheMap()
    {
        var map = new Dictionary<EniTrafficKey, TrafficMetrics>();
        var recent = new RecentMetrics<EniTrafficKey>(1);
        for (int i = 0; i < 100; i++)
        {
            recent.Get(map, Key(i % 10), 0);
        }

        Assert.Equal(10, map.Count);
    }

    private static EniTrafficKey Key(int eni) =>
        new(300, ResourceId.Create(new Bits128(0, (ulong)eni), 17), default, 1);
}
