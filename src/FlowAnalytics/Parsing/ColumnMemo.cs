using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// The last text a column held and what it parsed to. Ids, account ids and many addresses repeat
/// from one record to the next (an object is mostly one ENI, one account, a few peers), and
/// comparing up to 32 bytes costs far less than parsing 17 hex digits or an address again.
/// </summary>
internal struct ColumnMemo
{
    public const int MaxLength = 32;

    private TextBytes _text;
    private int _length;

    /// <summary>The value the remembered text parsed to.</summary>
    public Bits128 Value;

    /// <summary>True when <paramref name="text"/> is the remembered text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Matches(ReadOnlySpan<byte> text) =>
        text.Length == _length && text.SequenceEqual(((ReadOnlySpan<byte>)_text)[..text.Length]);

    /// <summary>Takes <paramref name="value"/> as the column's value and remembers its text (unless longer than 32 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Remember(ReadOnlySpan<byte> text, Bits128 value)
    {
        Value = value;
        if (text.Length > MaxLength)
        {
            _length = -1;
            return;
        }

        text.CopyTo(_text);
        _length = text.Length;
    }

    /// <summary>Forgets the text (a new layout gives the column another field).</summary>
    public void Clear() => _length = -1;

    [InlineArray(MaxLength)]
    private struct TextBytes
    {
        private byte _element;
    }
}
