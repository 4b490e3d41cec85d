namespace FlowAnalytics.Aggregation;

/// <summary>LEB128 unsigned varints: the compact integer encoding of the sketch columns.</summary>
internal static class VarInt
{
    public static int Write(Span<byte> destination, ulong value)
    {
        int at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }

    public static ulong Read(ReadOnlySpan<byte> source, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (at >= source.Length)
            {
                throw new FormatException("Truncated sketch.");
            }

            byte b = source[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("Varint longer than 64 bits in sketch.");
    }
}
