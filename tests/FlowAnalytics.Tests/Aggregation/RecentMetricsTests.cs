using FlowAnalytics.Aggregation;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Aggregation;

public sealed class RecentMetricsTests
{
    private static readonly Stack<TrafficMetrics> NoSpares = new();

    [Fact]
    public void Get_KeysSharingASlot_EachKeepsItsOwnMetrics()
    {
        var map = new Dictionary<EniTrafficKey, TrafficMetrics>();
        var recent = new RecentMetrics<EniTrafficKey>(4);
        EniTrafficKey a = Key(1), b = Key(2);

        // Slots 1 and 5 are one slot of four: b evicts a, and a comes back from the map.
        TrafficMetrics first = recent.Get(map, a, 1, NoSpares);
        TrafficMetrics second = recent.Get(map, b, 5, NoSpares);
        TrafficMetrics again = recent.Get(map, a, 1, NoSpares);

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
            recent.Get(map, Key(i % 10), 0, NoSpares);
        }

        Assert.Equal(10, map.Count);
    }

    [Fact]
    public void Get_NewKeyWithSpares_TakesASpareInsteadOfANewOne()
    {
        var map = new Dictionary<EniTrafficKey, TrafficMetrics>();
        var recent = new RecentMetrics<EniTrafficKey>(4);
        var spare = new TrafficMetrics();
        var spares = new Stack<TrafficMetrics>([spare]);

        TrafficMetrics first = recent.Get(map, Key(1), 1, spares);
        TrafficMetrics second = recent.Get(map, Key(2), 2, spares);

        Assert.Same(spare, first);
        Assert.NotSame(spare, second);
        Assert.Empty(spares);
    }

    [Fact]
    public void Clear_RememberedKey_LookedUpInTheMapAgain()
    {
        var map = new Dictionary<EniTrafficKey, TrafficMetrics>();
        var recent = new RecentMetrics<EniTrafficKey>(4);
        recent.Get(map, Key(1), 1, NoSpares);

        // The map is emptied with the table, as an aggregator does between objects: a slot still
        // remembering the key would hand back metrics the map no longer holds.
        recent.Clear();
        map.Clear();
        TrafficMetrics again = recent.Get(map, Key(1), 1, NoSpares);

        Assert.Same(again, map[Key(1)]);
    }

    private static EniTrafficKey Key(int eni) =>
        new(300, ResourceId.Create(new Bits128(0, (ulong)eni), 17), default, 1);
}
