using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// The last text a column held and what it parsed to. Ids and account ids repeat from one record
/// to the next (an object has one account and few ENIs), and comparing up to 32 bytes costs far
/// less than parsing 17 hex digits again. Dotted quads skip the memo: the vector parser costs less
/// than the compare, which missed on most of them.
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
    public readonly bool Matches(ReadOnlySpan<byte> text)
    {
        int length = text.Length;
        if (length != _length)
        {
            return false;
        }

        // Lengths are equal, so two overlapping loads (first and last 16 or 8 bytes) cover the text
        // inline; SequenceEqual's call cost as much as the compare for these short fields.
        ref byte given = ref MemoryMarshal.GetReference(text);
        ref byte kept = ref Unsafe.As<TextBytes, byte>(ref Unsafe.AsRef(in _text));
        if (length >= 16)
        {
            return Vector128.LoadUnsafe(ref given) == Vector128.LoadUnsafe(ref kept)
                && Vector128.LoadUnsafe(ref given, (nuint)(length - 16)) == Vector128.LoadUnsafe(ref kept, (nuint)(length - 16));
        }

        if (length >= 8)
        {
            return Unsafe.ReadUnaligned<ulong>(ref given) == Unsafe.ReadUnaligned<ulong>(ref kept)
                && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref given, length - 8)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref kept, length - 8));
        }

        return text.SequenceEqual(((ReadOnlySpan<byte>)_text)[..length]);
    }

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

        // The same overlapping loads as Matches, so the copy is inline too.
        int length = text.Length;
        ref byte given = ref MemoryMarshal.GetReference(text);
        ref byte kept = ref Unsafe.As<TextBytes, byte>(ref _text);
        if (length >= 16)
        {
            Vector128.LoadUnsafe(ref given).StoreUnsafe(ref kept);
            Vector128.LoadUnsafe(ref given, (nuint)(length - 16)).StoreUnsafe(ref kept, (nuint)(length - 16));
        }
        else if (length >= 8)
        {
            Unsafe.WriteUnaligned(ref kept, Unsafe.ReadUnaligned<ulong>(ref given));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref kept, length - 8), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref given, length - 8)));
        }
        else
        {
            text.CopyTo(_text);
        }

        _length = length;
    }

    /// <summary>Forgets the text (a new layout gives the column another field).</summary>
    public void Clear() => _length = -1;

    [InlineArray(MaxLength)]
    private struct TextBytes
    {
        private byte _element;
    }
}
