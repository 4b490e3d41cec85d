using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>Parses account ids: 1–12 digits (leading zeros kept) or <c>unknown</c>.</summary>
internal static class AccountIdParser
{
    /// <summary>Parses the whole span; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out AccountId account)
    {
        account = default;
        if ((uint)(text.Length - 1) >= AccountId.MaxDigits)
        {
            if (text.SequenceEqual("unknown"u8))
            {
                account = AccountId.Unknown;
                return true;
            }

            return false;
        }

        ulong value = 0;
        foreach (byte b in text)
        {
            uint d = (uint)b - '0';
            if (d > 9)
            {
                if (text.SequenceEqual("unknown"u8))
                {
                    account = AccountId.Unknown;
                    return true;
                }

                return false;
            }

            value = value * 10 + d;
        }

        account = AccountId.Create(value, text.Length);
        return true;
    }
}
