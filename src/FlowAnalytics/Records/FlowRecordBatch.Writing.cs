using System.Runtime.CompilerServices;

namespace FlowAnalytics.Records;

// The parser's side of the batch: it writes a row's cells in place, then commits the row. A row
// that fails half way is never committed, so its cells are simply overwritten by the next line.
public sealed partial class FlowRecordBatch
{
    /// <summary>The row the parser is filling.</summary>
    internal int PendingRow => Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetInteger(int slot, long value) => _integers[slot * Capacity + Count] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetAddress(int slot, FlowAddress value) => _addresses[slot * Capacity + Count] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetResourceId(int slot, ResourceId value) => _ids[slot * Capacity + Count] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetAccount(AccountId value) => _accounts[Count] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetWord(int slot, byte value) => _words[slot * Capacity + Count] = value;

    internal void SetTextNull(int textSlot) => _text[textSlot * Capacity + Count] = TextRef.Null;

    internal void SetText(int textSlot, ReadOnlySpan<byte> value)
    {
        if (_textLength + value.Length > _textBytes.Length)
        {
            Array.Resize(ref _textBytes, Math.Max(_textBytes.Length * 2, _textLength + value.Length));
        }

        value.CopyTo(_textBytes.AsSpan(_textLength));
        _text[textSlot * Capacity + Count] = new TextRef(_textLength, value.Length);
        _textLength += value.Length;
    }

    /// <summary>Makes the pending row part of the batch.</summary>
    internal void CommitRow(ulong presence, long lineNumber)
    {
        _presence[Count] = presence;
        _lineNumbers[Count] = lineNumber;
        Count++;
    }

    /// <summary>Forgets any text the failed pending row wrote into the arena.</summary>
    internal int TextMark => _textLength;

    internal void RewindText(int mark) => _textLength = mark;
}
