using System.Runtime.CompilerServices;

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

    // Dense counts in chunks of 32 buckets, allocated when first used: values of one key cluster
    // (durations near the aggregation interval, lags near the delivery delay), so a few chunks
    // stay in cache and neighbouring values share a line. An open-addressing table scattered
    // neighbours over memory that outgrew the cache once a key held a few hundred distinct lags
    // (StageBenchmarks.AggregateRecords, default format: 185 -> 134 ns/record). Chunks come out in
    // bucket order: no sort to read.
    private const int ChunkShift = 5;
    private const int ChunkSize = 1 << ChunkShift;
    private static readonly int MaxChunks = (BucketOf(long.MaxValue) >> ChunkShift) + 1;

    private long[]?[] _chunks = [];

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

    /// <summary>Bytes of storage the sketch holds (its chunks and their table), for tests of what a row keeps.</summary>
    internal long StorageBytes
    {
        get
        {
            long bytes = 8L * _chunks.Length;
            foreach (long[]? chunk in _chunks)
            {
                bytes += chunk is null ? 0 : 8L * chunk.Length;
            }

            return bytes;
        }
    }

    /// <summary>Drops the chunks that count nothing (kept from an earlier use) and the table's empty tail.</summary>
    internal void Trim()
    {
        int used = 0;
        for (int c = 0; c < _chunks.Length; c++)
        {
            if (_chunks[c] is { } chunk && !chunk.AsSpan().ContainsAnyExcept(0L))
            {
                _chunks[c] = null;
            }

            used = _chunks[c] is null ? used : c + 1;
        }

        if (used < _chunks.Length)
        {
            Array.Resize(ref _chunks, used);
        }
    }

    /// <summary>Empties the sketch, keeping its chunks for the values of the next use.</summary>
    public void Clear()
    {
        foreach (long[]? chunk in _chunks)
        {
            if (chunk is not null)
            {
                Array.Clear(chunk);
            }
        }

        Count = 0;
        Max = 0;
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Merge(QuantileSketch other)
    {
        for (int c = 0; c < other._chunks.Length; c++)
        {
            if (other._chunks[c] is not { } chunk)
            {
                continue;
            }

            for (int i = 0; i < ChunkSize; i++)
            {
                if (chunk[i] != 0)
                {
                    AddToBucket((c << ChunkShift) + i, chunk[i]);
                }
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
        long seen = 0;
        for (int c = 0; c < _chunks.Length; c++)
        {
            if (_chunks[c] is not { } chunk)
            {
                continue;
            }

            for (int i = 0; i < ChunkSize; i++)
            {
                seen += chunk[i];
                if (seen > rank)
                {
                    return Math.Min(Representative((c << ChunkShift) + i), Max);
                }
            }
        }

        return Max;
    }

    /// <summary>Serializes the sketch (for the binary sketch columns and <c>merge</c>).</summary>
    public byte[] ToBytes()
    {
        int used = 0;
        foreach (long[]? chunk in _chunks)
        {
            if (chunk is not null)
            {
                foreach (long count in chunk)
                {
                    used += count != 0 ? 1 : 0;
                }
            }
        }

        var output = new byte[1 + 10 + 10 + used * 20];
        int at = 0;
        output[at++] = FormatVersion;
        at += VarInt.Write(output.AsSpan(at), (ulong)Max);
        at += VarInt.Write(output.AsSpan(at), (ulong)used);
        int previous = 0;
        for (int c = 0; c < _chunks.Length; c++)
        {
            if (_chunks[c] is not { } chunk)
            {
                continue;
            }

            for (int i = 0; i < ChunkSize; i++)
            {
                if (chunk[i] != 0)
                {
                    int bucket = (c << ChunkShift) + i;
                    at += VarInt.Write(output.AsSpan(at), (ulong)(bucket - previous));
                    at += VarInt.Write(output.AsSpan(at), (ulong)chunk[i]);
                    previous = bucket;
                }
            }
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
            if (bucket >= MaxChunks << ChunkShift || count < 0)
            {
                throw new FormatException($"Quantile sketch bucket {bucket} or count {count} out of range.");
            }

            sketch.AddToBucket(bucket, count);
            sketch.Count += count;
        }

        return sketch;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
        int c = bucket >> ChunkShift;
        long[]?[] chunks = _chunks;
        long[] chunk = (uint)c < (uint)chunks.Length && chunks[c] is { } existing ? existing : NewChunk(c);
        chunk[bucket & (ChunkSize - 1)] += count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long[] NewChunk(int c)
    {
        if (c >= _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Min(MaxChunks, Math.Max(c + 1, _chunks.Length * 2)));
        }

        return _chunks[c] ??= new long[ChunkSize];
    }
}
