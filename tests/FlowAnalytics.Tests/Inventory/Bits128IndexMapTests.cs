using FlowAnalytics.Inventory;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Inventory;

public sealed class Bits128IndexMapTests
{
    [Fact]
    public void TryGetValue_RandomKeys_RoundTrip()
    {
        var random = new Random(7);
        var keys = new List<Bits128>();
        var map = new Bits128IndexMap(5_000);
        while (keys.Count < 5_000)
        {
            var key = new Bits128((ulong)random.NextInt64() & 0xFF00_0000_0000_00FFUL, (ulong)random.NextInt64() & 0x0000_FFFF_0000_FFFFUL);
            if (map.TryAdd(key, keys.Count))
            {
                keys.Add(key);
            }
        }

        Assert.Equal(5_000, map.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            Assert.True(map.TryGetValue(keys[i], out int value));
            Assert.Equal(i, value);
        }

        Assert.False(map.TryGetValue(new Bits128(1, 1), out int missing));
        Assert.Equal(-1, missing);
    }

    [Fact]
    public void TryAdd_KeysDifferingOnlyInHighOrLowBits_AllDistinct()
    {
        var map = new Bits128IndexMap(256);
        for (int i = 0; i < 128; i++)
        {
            Assert.True(map.TryAdd(Bit(127 - i), i));
        }

        for (int i = 0; i < 128; i++)
        {
            Assert.True(map.TryGetValue(Bit(127 - i), out int value));
            Assert.Equal(i, value);
        }

        Assert.True(map.TryAdd(default, 128));
        Assert.True(map.TryGetValue(default, out int zero));
        Assert.Equal(128, zero);
    }

    [Fact]
    public void TryAdd_ExistingKey_FalseAndFirstValueKept()
    {
        var map = new Bits128IndexMap(2);

        Assert.True(map.TryAdd(new Bits128(0, 42), 0));
        Assert.False(map.TryAdd(new Bits128(0, 42), 1));
        Assert.True(map.TryGetValue(new Bits128(0, 42), out int value));
        Assert.Equal(0, value);
        Assert.Equal(1, map.Count);
    }

    [Fact]
    public void TryAdd_BeyondCapacity_Throws()
    {
        var map = new Bits128IndexMap(1);
        map.TryAdd(new Bits128(0, 1), 0);

        Assert.Throws<InvalidOperationException>(() => map.TryAdd(new Bits128(0, 2), 1));
    }

    [Fact]
    public void TryGetValue_EmptyMap_Misses()
    {
        Assert.False(new Bits128IndexMap(0).TryGetValue(new Bits128(ulong.MaxValue, ulong.MaxValue), out _));
    }

    private static Bits128 Bit(int index) => (UInt128.One << index).ToBits128();
}
