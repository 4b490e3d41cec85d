using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// The metrics of recently used keys in a direct-mapped table in front of a map: slot chosen by
/// the caller from the key's dense parts (interface index, direction, AZ), so a hit costs one
/// compare instead of hashing the whole key and probing the map. Consecutive records of an object
/// rarely share a key (an object interleaves many ENIs' flows, each direction a record of its
/// own), but an object's keys are few: a few hundred slots hold most of them.
/// </summary>
internal sealed class RecentMetrics<TKey>
    where TKey : struct, IEquatable<TKey>
{
    private readonly TKey[] _keys;
    private readonly TrafficMetrics?[] _metrics;
    private readonly int _mask;

    /// <summary>Creates a table of <paramref name="slots"/> slots (rounded up to a power of two).</summary>
    public RecentMetrics(int slots)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, slots));
        _keys = new TKey[size];
        _metrics = new TrafficMetrics?[size];
        _mask = size - 1;
    }

    /// <summary>
    /// The metrics of <paramref name="key"/> in <paramref name="map"/>, remembered in
    /// <paramref name="slot"/>; when new, taken from <paramref name="spares"/> (metrics of an
    /// earlier object, emptied here) while it has any.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TrafficMetrics Get(Dictionary<TKey, TrafficMetrics> map, in TKey key, int slot, Stack<TrafficMetrics> spares)
    {
        slot &= _mask;
        TrafficMetrics? metrics = _metrics[slot];
        if (metrics is not null && _keys[slot].Equals(key))
        {
            return metrics;
        }

        ref TrafficMetrics? entry = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        if (entry is null)
        {
            // A spare is emptied here, when reused, not when kept: the merge that keeps it holds
            // the run's lock, and spares never reused need no emptying.
            if (spares.TryPop(out TrafficMetrics? spare))
            {
                spare.Clear();
            }

            entry = spare ?? new TrafficMetrics();
        }

        metrics = entry;
        _keys[slot] = key;
        _metrics[slot] = metrics;
        return metrics;
    }

    /// <summary>Forgets every slot (the metrics they pointed to are about to be reused).</summary>
    public void Clear()
    {
        Array.Clear(_keys);
        Array.Clear(_metrics);
    }
}
