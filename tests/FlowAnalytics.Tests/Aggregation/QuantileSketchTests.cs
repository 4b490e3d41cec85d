using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Tests.Aggregation;

public class QuantileSketchTests
{
    [Fact]
    public void Quantile_ValuesBelowTheExactLimit_AreExactLowerNearestRank()
    {
        var random = new Random(7);
        var values = new List<long>();
        var sketch = new QuantileSketch();
        for (int i = 0; i < 10_001; i++)
        {
            long v = random.Next(0, QuantileSketch.ExactLimit);
            values.Add(v);
            sketch.Add(v);
        }

        values.Sort();
        foreach (double q in new[] { 0, 0.5, 0.95, 0.99, 1 })
        {
            Assert.Equal(values[(int)Math.Floor(q * (values.Count - 1))], sketch.Quantile(q));
        }

        Assert.Equal(values[^1], sketch.Max);
    }

    [Fact]
    public void Quantile_LargeValues_AreWithinTheRelativeError()
    {
        var random = new Random(8);
        var values = new List<long>();
        var sketch = new QuantileSketch();
        for (int i = 0; i < 20_000; i++)
        {
            long v = (long)Math.Exp(random.NextDouble() * 25);
            values.Add(v);
            sketch.Add(v);
        }

        values.Sort();
        foreach (double q in new[] { 0.1, 0.5, 0.9, 0.95, 0.99 })
        {
            long exact = values[(int)Math.Floor(q * (values.Count - 1))];
            long estimate = sketch.Quantile(q)!.Value;
            Assert.InRange(estimate, exact * (1 - QuantileSketch.RelativeError) - 1, exact * (1 + QuantileSketch.RelativeError) + 1);
        }
    }

    [Fact]
    public void Merge_TwoHalves_EqualsOneSketchOfAll()
    {
        var whole = new QuantileSketch();
        var left = new QuantileSketch();
        var right = new QuantileSketch();
        var random = new Random(9);
        for (int i = 0; i < 5000; i++)
        {
            long v = random.Next(0, 100_000);
            whole.Add(v);
            (i % 3 == 0 ? left : right).Add(v);
        }

        left.Merge(right);

        Assert.Equal(whole.ToBytes(), left.ToBytes());
        Assert.Equal(whole.Quantile(0.99), left.Quantile(0.99));
    }

    [Fact]
    public void Clear_ThenOtherValues_SameAsANewSketchOfThem()
    {
        var reused = new QuantileSketch();
        var fresh = new QuantileSketch();
        var random = new Random(5);
        for (int i = 0; i < 3000; i++)
        {
            reused.Add(random.Next(0, 1_000_000));
        }

        reused.Clear();
        Assert.Equal((0L, 0L, (long?)null), (reused.Count, reused.Max, reused.Quantile(0.5)));
        for (int i = 0; i < 500; i++)
        {
            long v = random.Next(0, 5000);
            reused.Add(v);
            fresh.Add(v);
        }

        Assert.Equal(fresh.ToBytes(), reused.ToBytes());
        Assert.Equal((fresh.Count, fresh.Max, fresh.Quantile(0.9)), (reused.Count, reused.Max, reused.Quantile(0.9)));
    }

    [Fact]
    public void FromBytes_RoundTrip_KeepsEveryBucket()
    {
        var sketch = new QuantileSketch();
        foreach (long v in new long[] { 0, 0, 1, 59, 60, 4095, 4096, 1_000_000, -3 })
        {
            sketch.Add(v);
        }

        QuantileSketch copy = QuantileSketch.FromBytes(sketch.ToBytes());

        Assert.Equal(9, copy.Count);
        Assert.Equal(1_000_000, copy.Max);
        Assert.Equal(0, copy.Quantile(0));
        Assert.Equal(59, copy.Quantile(0.5));
        Assert.Equal(sketch.ToBytes(), copy.ToBytes());
    }

    [Fact]
    public void Quantile_Empty_IsNull()
    {
        Assert.Null(new QuantileSketch().Quantile(0.5));
        Assert.Throws<FormatException>(() => QuantileSketch.FromBytes([9, 9]));
    }

    [Fact]
    public void FromBytes_BucketBeyondEveryValue_IsFormatException()
    {
        // Version 1, max 0, one bucket at 2^20 (varint 0x80 0x80 0x40), count 1: no long maps there.
        FormatException e = Assert.Throws<FormatException>(() => QuantileSketch.FromBytes([1, 0, 1, 0x80, 0x80, 0x40, 1]));
        Assert.Contains("out of range", e.Message);
    }
}
