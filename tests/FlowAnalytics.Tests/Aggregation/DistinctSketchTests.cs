using FlowAnalytics.Aggregation;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Aggregation;

public class DistinctSketchTests
{
    [Fact]
    public void Estimate_UpToTheExactLimit_IsExact()
    {
        var sketch = new DistinctSketch();
        for (uint i = 0; i < DistinctSketch.ExactLimit; i++)
        {
            sketch.Add(FlowAddress.FromIPv4(0x0A000000 + i));
            sketch.Add(FlowAddress.FromIPv4(0x0A000000 + i));
        }

        Assert.True(sketch.IsExact);
        Assert.Equal(DistinctSketch.ExactLimit, sketch.Estimate());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(20_000)]
    [InlineData(300_000)]
    public void Estimate_ManyValues_IsWithinFourStandardErrors(int distinct)
    {
        var sketch = new DistinctSketch();
        for (int i = 0; i < distinct; i++)
        {
            sketch.Add(FlowAddress.FromIPv6(0x20010DB8UL << 32, (ulong)i));
        }

        Assert.False(sketch.IsExact);
        double error = Math.Abs(sketch.Estimate() - distinct) / (double)distinct;
        Assert.True(error < 4 * DistinctSketch.StandardError, $"estimate {sketch.Estimate()} for {distinct}");
    }

    [Theory]
    [InlineData(100, 40)]
    [InlineData(100, 2_000)]
    [InlineData(5_000, 40)]
    [InlineData(5_000, 3_000)]
    public void Clear_ThenOtherValues_SameAsANewSketchOfThem(int before, int after)
    {
        // Exact or registers before, exact or registers after: a cleared sketch is a new one.
        var reused = new DistinctSketch();
        var fresh = new DistinctSketch();
        for (uint i = 0; i < before; i++)
        {
            reused.Add(FlowAddress.FromIPv4(0x0A000000 + i));
        }

        reused.Clear();
        Assert.True(reused.IsExact);
        Assert.Equal(0, reused.Estimate());
        for (uint i = 0; i < after; i++)
        {
            reused.Add(FlowAddress.FromIPv4(0xC0A80000 + (i * 7)));
            fresh.Add(FlowAddress.FromIPv4(0xC0A80000 + (i * 7)));
        }

        reused.Add(FlowAddress.FromIPv4(0));
        fresh.Add(FlowAddress.FromIPv4(0));
        Assert.Equal(fresh.IsExact, reused.IsExact);
        Assert.Equal(fresh.Estimate(), reused.Estimate());
        Assert.Equal(fresh.ToBytes(), reused.ToBytes());
    }

    [Fact]
    public void ManyValues_NeverCleared_HoldsOnlyItsRegisters()
    {
        var sketch = new DistinctSketch();
        for (uint i = 0; i < 1000; i++)
        {
            sketch.Add(FlowAddress.FromIPv4(i));
        }

        Assert.Equal(4096, sketch.StorageBytes);
    }

    [Theory]
    [InlineData(2_000, 5)]
    [InlineData(2_000, 700)]
    [InlineData(200, 5)]
    public void Trim_AfterReuse_HoldsWhatANewSketchOfTheSameValuesHolds(int before, int after)
    {
        var reused = new DistinctSketch();
        var fresh = new DistinctSketch();
        for (uint i = 0; i < before; i++)
        {
            reused.Add(FlowAddress.FromIPv4(i));
        }

        reused.Clear();
        for (uint i = 0; i < after; i++)
        {
            reused.Add(FlowAddress.FromIPv4(0x0A000000 + i));
            fresh.Add(FlowAddress.FromIPv4(0x0A000000 + i));
        }

        reused.Trim();

        Assert.Equal(fresh.StorageBytes, reused.StorageBytes);
        Assert.Equal(fresh.ToBytes(), reused.ToBytes());
    }

    [Fact]
    public void Merge_OverlappingSets_CountsTheUnion()
    {
        var a = new DistinctSketch();
        var b = new DistinctSketch();
        for (uint i = 0; i < 100; i++)
        {
            a.Add(FlowAddress.FromIPv4(i));
            b.Add(FlowAddress.FromIPv4(i + 50));
        }

        a.Merge(b);

        Assert.Equal(150, a.Estimate());
    }

    [Fact]
    public void Merge_SmallIntoLargeAndBack_GivesTheSameRegisters()
    {
        var large = new DistinctSketch();
        var small = new DistinctSketch();
        var all = new DistinctSketch();
        for (uint i = 0; i < 5000; i++)
        {
            large.Add(FlowAddress.FromIPv4(i));
            all.Add(FlowAddress.FromIPv4(i));
        }

        for (uint i = 0; i < 10; i++)
        {
            small.Add(FlowAddress.FromIPv4(100_000 + i));
            all.Add(FlowAddress.FromIPv4(100_000 + i));
        }

        var merged = DistinctSketch.FromBytes(small.ToBytes());
        merged.Merge(DistinctSketch.FromBytes(large.ToBytes()));

        Assert.Equal(all.ToBytes(), merged.ToBytes());
    }

    [Fact]
    public void FromBytes_ExactSketch_RoundTrips()
    {
        var sketch = new DistinctSketch();
        sketch.Add(FlowAddress.Parse("10.0.0.1"));
        sketch.Add(FlowAddress.Parse("2001:db8::1"));

        Assert.Equal(2, DistinctSketch.FromBytes(sketch.ToBytes()).Estimate());
        Assert.Throws<FormatException>(() => DistinctSketch.FromBytes([7]));
    }
}
