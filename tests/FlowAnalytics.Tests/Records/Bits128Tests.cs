using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Records;

public sealed class Bits128Tests
{
    [Fact]
    public void LeadingOnes_EveryLength_IsUInt128PrefixMask()
    {
        for (int bits = 0; bits <= 128; bits++)
        {
            UInt128 expected = bits == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - bits);
            Assert.Equal(expected, Bits128.LeadingOnes(bits).ToUInt128());
        }
    }

    [Fact]
    public void CompareToAndAnd_RandomValues_AgreeWithUInt128()
    {
        var random = new Random(128);
        for (int i = 0; i < 10_000; i++)
        {
            // Equal high words half the time, so the low word decides often.
            ulong high = (ulong)random.NextInt64();
            var a = new Bits128(high, (ulong)random.NextInt64());
            var b = new Bits128(random.Next(2) == 0 ? high : (ulong)random.NextInt64(), (ulong)random.NextInt64());

            Assert.Equal(Math.Sign(a.ToUInt128().CompareTo(b.ToUInt128())), Math.Sign(a.CompareTo(b)));
            Assert.Equal(a.ToUInt128() & b.ToUInt128(), (a & b).ToUInt128());
            Assert.Equal(a, a.ToUInt128().ToBits128());
        }
    }
}
