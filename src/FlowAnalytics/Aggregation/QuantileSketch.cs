namespace FlowAnalytics.Aggregation;

/// <summary>
/// A mergeable histogram of non-negative whole seconds (flow durations, delivery lags). Values below
/// <see cref="ExactLimit"/> each have their own bucket, so their quantiles are exact; larger values
/// share logarithmic buckets whose representative is within <see cref="RelativeError"/> of any
/// value in them. Merging adds bucket counts, so merged quantiles are as exact as unmerged ones.
/// Memory grows with the number of distinct buckets used, never with the number of values.
/// </summary>
public sealed class QuantileSketch
{
    /// <summary>Values below this (68 minutes) are kept exactly.</summary>
    public const int ExactLimit = 4096;

    /// <summary>Largest relative error of a quantile of values at or above <see cref="ExactLimit"/>.</summary>
    public const double RelativeError = 0.005;

    private const byte FormatVersion = 1;

    // Bucket growth factor: representative = geometric middle, so error <= (Gamma - 1) / 2.
    private static readonly double Gamma = 1 + 2 * RelativeError;
    private static readonly double LogGamma = Math.Log(Gamma);

    private int[] _buckets = new int[4];
    private long[] _counts = new long[4];
    private int _used;

    /// <summary>Number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>The largest value added (exact), or 0 when empty.</summary>
    public long Max { get; private set; }

    /// <summary>Adds a value; negative values count as 0 (a clock earlier than the record).</summary>
    public void Add(long seconds)
    {
        if (seconds < 0)
        {
            seconds = 0;
        }

        int bucket = BucketOf(seconds);
        AddToBucket(bucket, 1);
        Count++;
        if (seconds > Max)
        {
            Max = seconds;
        }
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Merge(QuantileSketch other)
    {
        for (int i = 0; i < other._used; i++)
        {
            AddToBucket(other._buckets[i], other._counts[i]);
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>
    /// The value at rank <c>floor(q × (Count − 1))</c> of the sorted values (0-based), i.e. the lower
    /// nearest rank; null when empty. Exact below <see cref="ExactLimit"/>.
    /// </summary>
    public long? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        long rank = (long)Math.Floor(Math.Clamp(q, 0, 1) * (Count - 1));
        long seen = 0;
        for (int i = 0; i < _used; i++)
        {
            seen += _counts[i];
            if (seen > rank)
            {
                return Math.Min(Representative(_buckets[i]), Max);
            }
        }

        return Max;
    }

    /// <summary>Serializes the sketch (for the binary sketch columns and <c>merge</c>).</summary>
    public byte[] ToBytes()
    {
        var output = new byte[1 + 10 + 10 + _used * 20];
        int at = 0;
        output[at++] = FormatVersion;
        at += VarInt.Write(output.AsSpan(at), (ulong)Max);
        at += VarInt.Write(output.AsSpan(at), (ulong)_used);
        int previous = 0;
        for (int i = 0; i < _used; i++)
        {
            at += VarInt.Write(output.AsSpan(at), (ulong)(_buckets[i] - previous));
            at += VarInt.Write(output.AsSpan(at), (ulong)_counts[i]);
            previous = _buckets[i];
        }

        return output[..at];
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a sketch of this version.</exception>
    public static QuantileSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || bytes[0] != FormatVersion)
        {
            throw new FormatException("Not a quantile sketch of format version 1.");
        }

        var sketch = new QuantileSketch();
        int at = 1;
        sketch.Max = (long)VarInt.Read(bytes, ref at);
        int used = checked((int)VarInt.Read(bytes, ref at));
        int bucket = 0;
        for (int i = 0; i < used; i++)
        {
            bucket += checked((int)VarInt.Read(bytes, ref at));
            long count = (long)VarInt.Read(bytes, ref at);
            sketch.AddToBucket(bucket, count);
            sketch.Count += count;
        }

        return sketch;
    }

    private static int BucketOf(long value) =>
        value < ExactLimit ? (int)value : ExactLimit + (int)(Math.Log((double)value / ExactLimit) / LogGamma);

    private static long Representative(int bucket)
    {
        if (bucket < ExactLimit)
        {
            return bucket;
        }

        double low = ExactLimit * Math.Pow(Gamma, bucket - ExactLimit);
        return (long)Math.Round(low * (1 + Gamma) / 2);
    }

    private void AddToBucket(int bucket, long count)
    {
        int at = Array.BinarySearch(_buckets, 0, _used, bucket);
        if (at >= 0)
        {
            _counts[at] += count;
            return;
        }

        at = ~at;
        if (_used == _buckets.Length)
        {
            Array.Resize(ref _buckets, _used * 2);
            Array.Resize(ref _counts, _used * 2);
        }

        Array.Copy(_buckets, at, _buckets, at + 1, _used - at);
        Array.Copy(_counts, at, _counts, at + 1, _used - at);
        _buckets[at] = bucket;
        _counts[at] = count;
        _used++;
    }
}
