using FlowAnalytics.Inventory;

namespace FlowAnalytics.Tests.Inventory;

public sealed class UInt128IndexMapTests
{
    [Fact]
    public void TryGetValue_RandomKeys_RoundTrip()
    {
        var random = new Random(7);
        var keys = new List<UInt128>();
        var map = new UInt128IndexMap(5_000);
        while (keys.Count < 5_000)
        {
            var key = new UInt128((ulong)random.NextInt64() & 0xFF00_0000_0000_00FFUL, (ulong)random.NextInt64() & 0x0000_FFFF_0000_FFFFUL);
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

        Assert.False(map.TryGetValue(new UInt128(1, 1), out int missing));
        Assert.Equal(-1, missing);
    }

    [Fact]
    public void TryAdd_KeysDifferingOnlyInHighOrLowBits_AllDistinct()
    {
        var map = new UInt128IndexMap(256);
        for (int i = 0; i < 128; i++)
        {
            Assert.True(map.TryAdd((UInt128)1 << (127 - i), i));
        }

        for (int i = 0; i < 128; i++)
        {
            Assert.True(map.TryGetValue((UInt128)1 << (127 - i), out int value));
            Assert.Equal(i, value);
        }

        Assert.True(map.TryAdd(UInt128.Zero, 128));
        Assert.True(map.TryGetValue(UInt128.Zero, out int zero));
        Assert.Equal(128, zero);
    }

    [Fact]
    public void TryAdd_ExistingKey_FalseAndFirstValueKept()
    {
        var map = new UInt128IndexMap(2);

        Assert.True(map.TryAdd(42, 0));
        Assert.False(map.TryAdd(42, 1));
        Assert.True(map.TryGetValue(42, out int value));
        Assert.Equal(0, value);
        Assert.Equal(1, map.Count);
    }

    [Fact]
    public void TryAdd_BeyondCapacity_Throws()
    {
        var map = new UInt128IndexMap(1);
        map.TryAdd(1, 0);

        Assert.Throws<InvalidOperationException>(() => map.TryAdd(2, 1));
    }

    [Fact]
    public void TryGetValue_EmptyMap_Misses()
    {
        Assert.False(new UInt128IndexMap(0).TryGetValue(UInt128.MaxValue, out _));
    }
}
