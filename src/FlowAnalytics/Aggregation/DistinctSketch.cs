using System.Numerics;
using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// A mergeable distinct count of addresses. Up to <see cref="ExactLimit"/> distinct values it keeps
/// their 64-bit hashes and counts exactly; past that it becomes a HyperLogLog with 2^12 one-byte
/// registers (standard error 1.04/√4096 ≈ 1.6%). Most keys stay small and cost a few hundred bytes;
/// only heavy keys pay the 4 KiB of registers.
/// </summary>
public sealed class DistinctSketch
{
    /// <summary>Distinct values counted exactly before switching to HyperLogLog.</summary>
    public const int ExactLimit = 256;

    /// <summary>Standard error of the estimate past <see cref="ExactLimit"/>.</summary>
    public const double StandardError = 0.0163;

    private const int Precision = 12;
    private const int RegisterCount = 1 << Precision;
    private const byte ExactFormat = 1;
    private const byte RegistersFormat = 2;

    // Open-addressing set of non-zero hashes (0 marks an empty slot) while exact.
    private ulong[]? _hashes = new ulong[16];
    private int _exactCount;
    private bool _hasZero;
    private byte[]? _registers;

    // Kept by Clear for a staging map's next use of the sketch (see TrafficMetrics.Trim): the
    // registers of an earlier use, and whether the hash table outlives a switch to registers.
    private byte[]? _spareRegisters;
    private bool _reused;

    /// <summary>True while the count is exact.</summary>
    public bool IsExact => _registers is null;

    /// <summary>Adds an address.</summary>
    public void Add(FlowAddress address) => AddHash(Hash(address));

    /// <summary>The number of distinct values (exact while <see cref="IsExact"/>, else estimated).</summary>
    public long Estimate()
    {
        if (_registers is null)
        {
            return _exactCount + (_hasZero ? 1 : 0);
        }

        double sum = 0;
        int zeros = 0;
        foreach (byte register in _registers)
        {
            // 2^-register from its exponent bits: a division per register made writing a table
            // of heavy keys spend most of its time here.
            sum += BitConverter.Int64BitsToDouble((1023L - register) << 52);
            zeros += register == 0 ? 1 : 0;
        }

        double alpha = 0.7213 / (1 + 1.079 / RegisterCount);
        double raw = alpha * RegisterCount * RegisterCount / sum;
        if (raw <= 2.5 * RegisterCount && zeros > 0)
        {
            // Linear counting is the better estimator while many registers are still empty.
            raw = RegisterCount * Math.Log((double)RegisterCount / zeros);
        }

        return (long)Math.Round(raw);
    }

    /// <summary>Bytes of storage the sketch holds (hash table, registers, spare registers), for tests of what a row keeps.</summary>
    internal long StorageBytes => (8L * (_hashes?.Length ?? 0)) + (_registers?.Length ?? 0) + (_spareRegisters?.Length ?? 0);

    /// <summary>
    /// Lets go of what an earlier use left (spare registers, a table grown for more values, the
    /// table beside registers), and of keeping it from now on.
    /// </summary>
    internal void Trim()
    {
        _spareRegisters = null;
        _reused = false;
        int needed = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * _exactCount));
        if (_registers is not null)
        {
            _hashes = null;
        }
        else if (_hashes!.Length > needed)
        {
            Rehash(needed);
        }
    }

    /// <summary>Empties the sketch (exact again), keeping its storage for its next use.</summary>
    public void Clear()
    {
        if (_registers is not null)
        {
            Array.Clear(_registers);
            _spareRegisters = _registers;
            _registers = null;
        }

        if (_hashes is null)
        {
            _hashes = new ulong[16];
        }
        else
        {
            Array.Clear(_hashes);
        }

        _exactCount = 0;
        _hasZero = false;
        _reused = true;
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Merge(DistinctSketch other)
    {
        if (other._registers is not null)
        {
            ToRegisters();
            for (int i = 0; i < RegisterCount; i++)
            {
                _registers![i] = Math.Max(_registers[i], other._registers[i]);
            }

            return;
        }

        foreach (ulong hash in other._hashes!)
        {
            if (hash != 0)
            {
                AddHash(hash);
            }
        }

        if (other._hasZero)
        {
            AddHash(0);
        }
    }

    /// <summary>Serializes the sketch (for the binary sketch columns and <c>merge</c>).</summary>
    public byte[] ToBytes()
    {
        if (_registers is not null)
        {
            return [RegistersFormat, .. _registers];
        }

        // Sorted, so equal sets serialize to equal bytes whatever order the values (or merged
        // partial results) arrived in: reruns with several workers give identical files.
        var hashes = new ulong[_exactCount];
        int count = 0;
        foreach (ulong hash in _hashes!)
        {
            if (hash != 0)
            {
                hashes[count++] = hash;
            }
        }

        Array.Sort(hashes);
        var output = new byte[1 + 1 + 8 * _exactCount];
        output[0] = ExactFormat;
        output[1] = _hasZero ? (byte)1 : (byte)0;
        for (int i = 0; i < hashes.Length; i++)
        {
            BitConverter.TryWriteBytes(output.AsSpan(2 + 8 * i), hashes[i]);
        }

        return output;
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a distinct sketch.</exception>
    public static DistinctSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        var sketch = new DistinctSketch();
        if (bytes.Length == 1 + RegisterCount && bytes[0] == RegistersFormat)
        {
            sketch._hashes = null;
            sketch._registers = bytes[1..].ToArray();
            return sketch;
        }

        if (bytes.Length < 2 || bytes[0] != ExactFormat || (bytes.Length - 2) % 8 != 0)
        {
            throw new FormatException("Not a distinct-count sketch of format version 1.");
        }

        for (int at = 2; at < bytes.Length; at += 8)
        {
            sketch.AddHash(BitConverter.ToUInt64(bytes.Slice(at, 8)));
        }

        if (bytes[1] == 1)
        {
            sketch.AddHash(0);
        }

        return sketch;
    }

    /// <summary>A well-mixed 64-bit hash of an address (stable across processes and versions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(FlowAddress address)
    {
        ulong high = address.Value.High;
        ulong low = address.Value.Low;
        return Mix(low ^ Mix(high + 0x9E3779B97F4A7C15UL));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x)
    {
        // MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    /// <summary>Adds a value by its <see cref="Hash"/>.</summary>
    internal void AddHash(ulong hash)
    {
        if (_registers is not null)
        {
            int index = (int)(hash >> (64 - Precision));
            byte rank = (byte)(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1);
            if (rank > _registers[index])
            {
                _registers[index] = rank;
            }

            return;
        }

        if (hash == 0)
        {
            _hasZero = true;
            return;
        }

        ulong[] hashes = _hashes!;
        int mask = hashes.Length - 1;
        for (int slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            if (hashes[slot] == hash)
            {
                return;
            }

            if (hashes[slot] == 0)
            {
                hashes[slot] = hash;
                _exactCount++;
                break;
            }
        }

        if (_exactCount + (_hasZero ? 1 : 0) > ExactLimit)
        {
            ToRegisters();
        }
        else if (_exactCount * 2 > hashes.Length)
        {
            Rehash(hashes.Length * 2);
        }
    }

    private void Rehash(int capacity)
    {
        ulong[] old = _hashes!;
        _hashes = new ulong[capacity];
        _exactCount = 0;
        foreach (ulong hash in old)
        {
            if (hash != 0)
            {
                AddHash(hash);
            }
        }
    }

    private void ToRegisters()
    {
        if (_registers is not null)
        {
            return;
        }

        ulong[] hashes = _hashes!;
        bool hasZero = _hasZero;
        _registers = _spareRegisters ?? new byte[RegisterCount];
        _spareRegisters = null;
        if (!_reused)
        {
            // A run's heavy key would keep the 512-slot table for nothing.
            _hashes = null;
        }

        foreach (ulong hash in hashes)
        {
            if (hash != 0)
            {
                AddHash(hash);
            }
        }

        if (hasZero)
        {
            AddHash(0);
        }
    }
}
