using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Support;

/// <summary><see cref="UInt128"/>, the tests' oracle for <see cref="Bits128"/> arithmetic, and back.</summary>
internal static class Bits128Conversions
{
    public static UInt128 ToUInt128(this Bits128 value) => new(value.High, value.Low);

    public static Bits128 ToBits128(this UInt128 value) => new((ulong)(value >> 64), (ulong)value);
}
