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

    // Open addressing (bucket + 1 as the key, 0 = empty slot): O(1) per value. A sorted array
    // with insertion cost O(distinct buckets) per new bucket, which made adding quadratic in the
    // number of distinct durations of a key.
    private int[] _keys = new int[8];
    private long[] _counts = new long[8];
    private int _used;
    private int _lastSlot;

    // Sorted (bucket, count) pairs for quantiles and serialization, rebuilt after any change.
    private int[]? _sortedBuckets;
    private long[]? _sortedCounts;

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
        for (int i = 0; i < other._keys.Length; i++)
        {
            if (other._keys[i] != 0)
            {
                AddToBucket(other._keys[i] - 1, other._counts[i]);
            }
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
        (int[] buckets, long[] counts) = Sorted();
        long seen = 0;
        for (int i = 0; i < buckets.Length; i++)
        {
            seen += counts[i];
            if (seen > rank)
            {
                return Math.Min(Representative(buckets[i]), Max);
            }
        }

        return Max;
    }

    /// <summary>Serializes the sketch (for the binary sketch columns and <c>merge</c>).</summary>
    public byte[] ToBytes()
    {
        (int[] buckets, long[] counts) = Sorted();
        var output = new byte[1 + 10 + 10 + buckets.Length * 20];
        int at = 0;
        output[at++] = FormatVersion;
        at += VarInt.Write(output.AsSpan(at), (ulong)Max);
        at += VarInt.Write(output.AsSpan(at), (ulong)buckets.Length);
        int previous = 0;
        for (int i = 0; i < buckets.Length; i++)
        {
            at += VarInt.Write(output.AsSpan(at), (ulong)(buckets[i] - previous));
            at += VarInt.Write(output.AsSpan(at), (ulong)counts[i]);
            previous = buckets[i];
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
        _sortedBuckets = null;
        int key = bucket + 1;

        // Values of one key cluster (durations near the aggregation interval): try the last slot first.
        if (_keys[_lastSlot] == key)
        {
            _counts[_lastSlot] += count;
            return;
        }

        int mask = _keys.Length - 1;
        for (int slot = (int)((uint)key * 0x9E3779B1u >> 8) & mask; ; slot = (slot + 1) & mask)
        {
            if (_keys[slot] == key)
            {
                _counts[slot] += count;
                _lastSlot = slot;
                return;
            }

            if (_keys[slot] == 0)
            {
                _keys[slot] = key;
                _counts[slot] = count;
                _lastSlot = slot;
                if (++_used * 2 > _keys.Length)
                {
                    Grow();
                }

                return;
            }
        }
    }

    private void Grow()
    {
        int[] keys = _keys;
        long[] counts = _counts;
        _keys = new int[keys.Length * 2];
        _counts = new long[keys.Length * 2];
        _used = 0;
        _lastSlot = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] != 0)
            {
                AddToBucket(keys[i] - 1, counts[i]);
            }
        }
    }

    private (int[] Buckets, long[] Counts) Sorted()
    {
        if (_sortedBuckets is null || _sortedCounts is null)
        {
            var buckets = new int[_used];
            var counts = new long[_used];
            int n = 0;
            for (int i = 0; i < _keys.Length; i++)
            {
                if (_keys[i] != 0)
                {
                    buckets[n] = _keys[i] - 1;
                    counts[n++] = _counts[i];
                }
            }

            Array.Sort(buckets, counts);
            _sortedBuckets = buckets;
            _sortedCounts = counts;
        }

        return (_sortedBuckets, _sortedCounts);
    }
}
