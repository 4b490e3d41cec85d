using FlowAnalytics.Aggregation;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Aggregation;

public sealed class RecentFlowsTests
{
    private static readonly FlowKey Base = new(
        Tag: 0b101,
        Eni: ResourceId.Create(new Bits128(0x1, 0x0abc00000000000f1), 17),
        Source: FlowAddress.Parse("10.1.2.3"),
        Destination: FlowAddress.Parse("10.1.9.9"),
        Account: new AccountId(111122223333),
        Window: 1_800_000_000);

    public static TheoryData<string> KeyParts => ["tag", "eni high", "eni low", "source", "destination", "source ipv6 high", "destination ipv6 high", "account", "window"];

    [Fact]
    public void Find_EmptyTable_NotFoundEvenForAnAllZeroKey()
    {
        var flows = new RecentFlows(16);

        Find(flows, Base, out bool found);
        Find(flows, new FlowKey(0, default, default, default, default, 0), out bool zeroFound);

        Assert.False(found);
        Assert.False(zeroFound);
    }

    [Fact]
    public void Find_KeySeenBefore_FoundWithWhatItResolvedTo()
    {
        var flows = new RecentFlows(16);
        var metrics = new TrafficMetrics();
        ref RecentFlow slot = ref Find(flows, Base, out bool first);
        slot.Eni = metrics;

        ref RecentFlow again = ref Find(flows, Base, out bool found);

        Assert.False(first);
        Assert.True(found);
        Assert.Same(metrics, again.Eni);
    }

    [Theory]
    [MemberData(nameof(KeyParts))]
    public void Find_KeyDifferingInOnePart_NotFound(string part)
    {
        // One slot: every key lands on the remembered one, so only the compare can tell them apart.
        var flows = new RecentFlows(1);
        Find(flows, Base, out _);
        FlowKey other = part switch
        {
            "tag" => Base with { Tag = Base.Tag ^ (1UL << 45) },
            "eni high" => Base with { Eni = ResourceId.Create(new Bits128(0x2, Base.Eni.Value.Low), 17) },
            "eni low" => Base with { Eni = ResourceId.Create(new Bits128(0x1, Base.Eni.Value.Low + 1), 17) },
            "source" => Base with { Source = FlowAddress.Parse("10.1.2.4") },
            "destination" => Base with { Destination = FlowAddress.Parse("10.1.9.8") },
            "source ipv6 high" => Base with { Source = FlowAddress.FromIPv6(1, Base.Source.Value.Low) },
            "destination ipv6 high" => Base with { Destination = FlowAddress.FromIPv6(1, Base.Destination.Value.Low) },
            "account" => Base with { Account = new AccountId(111122223334) },
            "window" => Base with { Window = Base.Window + 300 },
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };

        Find(flows, other, out bool found);
        Find(flows, other, out bool foundAgain);
        Find(flows, Base, out bool baseFound);

        // The miss took the slot: the other key is found next, and the first one is gone.
        Assert.False(found);
        Assert.True(foundAgain);
        Assert.False(baseFound);
    }

    private static ref RecentFlow Find(RecentFlows flows, FlowKey key, out bool found) =>
        ref flows.Find(key.Tag, key.Eni, key.Source, key.Destination, key.Account, key.Window, out found);

    private readonly record struct FlowKey(ulong Tag, ResourceId Eni, FlowAddress Source, FlowAddress Destination, AccountId Account, long Window);
}
