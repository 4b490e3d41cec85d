using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>Parses <c>prefix-hex</c> resource ids (<c>eni-0a1b…</c>) into <see cref="ResourceId"/>.</summary>
internal static class ResourceIdParser
{
    /// <summary>Parses the whole span; false without the prefix or with 0 or more than 17 hex digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix, out ResourceId id)
    {
        id = default;
        int digits = text.Length - prefix.Length;
        if ((uint)(digits - 1) >= ResourceId.MaxDigits || !text.StartsWith(prefix))
        {
            return false;
        }

        ulong high = 0;
        ulong low = 0;
        for (int i = prefix.Length; i < text.Length; i++)
        {
            uint b = text[i];
            uint d = b - '0';
            if (d > 9)
            {
                // Hex ids are lowercase; accept uppercase too rather than reject a record over case.
                d = (b | 0x20) - 'a';
                if (d > 5)
                {
                    return false;
                }

                d += 10;
            }

            high = (high << 4) | (low >> 60);
            low = (low << 4) | d;
        }

        id = ResourceId.Create(new UInt128(high, low), digits);
        return true;
    }
}
