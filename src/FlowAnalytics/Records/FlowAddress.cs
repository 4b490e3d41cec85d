using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;

namespace FlowAnalytics.Records;

/// <summary>
/// An IPv4 or IPv6 address in 128 bits. IPv4 is stored IPv4-mapped (<c>::ffff:a.b.c.d</c>) so one
/// integer compares, hashes and prefix-matches both families without branching on the family.
/// </summary>
public readonly record struct FlowAddress(Bits128 Value) : IComparable<FlowAddress>
{
    private const ulong MappedPrefix = 0xFFFF_0000_0000UL;

    /// <summary>Builds an IPv4 address from its 32-bit big-endian value (a.b.c.d = a&lt;&lt;24 | …).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FlowAddress FromIPv4(uint address) => new(new Bits128(0, MappedPrefix | address));

    /// <summary>Builds an IPv6 address from its high and low 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FlowAddress FromIPv6(ulong high, ulong low) => new(new Bits128(high, low));

    /// <summary>True for IPv4 (IPv4-mapped) addresses.</summary>
    public bool IsIPv4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Value.High == 0 && (Value.Low & 0xFFFF_FFFF_0000_0000UL) == MappedPrefix;
    }

    /// <summary>The IPv4 address as a 32-bit value; meaningful only when <see cref="IsIPv4"/>.</summary>
    public uint IPv4 => (uint)Value.Low;

    /// <summary>Converts to <see cref="IPAddress"/> (allocates; for output and tests, not hot paths).</summary>
    public IPAddress ToIPAddress()
    {
        if (IsIPv4)
        {
            return new IPAddress(BinaryPrimitives.ReverseEndianness(IPv4));
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Value.High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Value.Low);
        return new IPAddress(bytes);
    }

    /// <summary>Converts from <see cref="IPAddress"/>.</summary>
    public static FlowAddress From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException("Address does not fit in 16 bytes.", nameof(address));
        }

        return written == 4
            ? FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : FromIPv6(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Parses text; throws on bad input (configuration and tests, not the record reader).</summary>
    public static FlowAddress Parse(string text) => From(IPAddress.Parse(text));

    /// <inheritdoc/>
    public int CompareTo(FlowAddress other) => Value.CompareTo(other.Value);

    /// <summary>Standard text form: dotted quad for IPv4, compressed hex for IPv6.</summary>
    public override string ToString() => ToIPAddress().ToString();

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
}
