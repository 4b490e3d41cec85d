using System.Numerics;
using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// A fixed-capacity open-addressing hash map from a 128-bit key (a packed <see cref="Records.ResourceId"/>,
/// a <see cref="Records.FlowAddress"/>, a masked prefix) to a non-negative index. Filled once while
/// the inventory is built, then only read: lookups touch two flat arrays and allocate nothing.
/// </summary>
internal sealed class Bits128IndexMap
{
    private const int Empty = -1;
    private readonly Bits128[] _keys;
    private readonly int[] _values;
    private readonly int _shift;
    private readonly int _slotMask;

    /// <summary>Creates a map for at most <paramref name="capacity"/> keys.</summary>
    public Bits128IndexMap(int capacity)
    {
        // At most half full, so every probe sequence meets an empty slot quickly and always ends.
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, capacity * 2));
        _keys = new Bits128[slots];
        _values = new int[slots];
        Array.Fill(_values, Empty);
        _shift = 64 - BitOperations.Log2((uint)slots);
        _slotMask = slots - 1;
        Capacity = capacity;
    }

    /// <summary>The most keys the map takes.</summary>
    public int Capacity { get; }

    /// <summary>Keys in the map.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a key; false (and the value kept) when the key is already there.</summary>
    public bool TryAdd(Bits128 key, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"The map is full ({Capacity} keys).");
        }

        int slot = SlotOf(key);
        while (_values[slot] != Empty)
        {
            if (_keys[slot] == key)
            {
                return false;
            }

            slot = (slot + 1) & _slotMask;
        }

        _keys[slot] = key;
        _values[slot] = value;
        Count++;
        return true;
    }

    /// <summary>Finds the value of a key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(Bits128 key, out int value)
    {
        int slot = SlotOf(key);
        while (true)
        {
            int found = _values[slot];
            if (found == Empty)
            {
                value = Empty;
                return false;
            }

            if (_keys[slot] == key)
            {
                value = found;
                return true;
            }

            slot = (slot + 1) & _slotMask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(Bits128 key)
    {
        // Multiply-shift hashing: the top bits of a product depend on every bit of the input, so
        // keys that differ anywhere (an IPv6 prefix's high half, an id's low digits) spread out.
        ulong mixed = (key.Low ^ (key.High * 0x9E37_79B9_7F4A_7C15UL)) * 0xBF58_476D_1CE4_E5B9UL;
        return (int)(mixed >> _shift);
    }
}
