using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FlowAnalytics.Records;

// The parser's side of the batch: it writes a row's cells in place, then commits the row. A row
// that fails half way is never committed, so its cells are simply overwritten by the next line.
public sealed partial class FlowRecordBatch
{
    /// <summary>The row the parser is filling.</summary>
    internal int PendingRow => Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetInteger(int slot, long value) => _integers[slot * Capacity + Count] = value;

    /// <summary>
    /// The pending row's cell of integer slot 0; slot s is s × <see cref="Capacity"/> cells on.
    /// For writers that type several integer fields at once and skip a bounds check per cell.
    /// </summary>
    internal ref long PendingIntegerCell => ref _integers[Count];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetAddress(int slot, FlowAddress value) => _addresses[slot * Capacity + Count] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetResourceId(int slot, ResourceId value) => _ids[slot * Capacity + Count] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetAccount(AccountId value) => _accounts[Count] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetWord(int slot, byte value) => _words[slot * Capacity + Count] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetTextNull(int textSlot) => _text[textSlot * Capacity + Count] = TextRef.Null;

    /// <summary><see cref="AppendText(ReadOnlySpan{byte}, int, int)"/> into the pending row's cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetText(int textSlot, ReadOnlySpan<byte> line, int start, int end) =>
        _text[textSlot * Capacity + Count] = AppendText(line, start, end);

    /// <summary>
    /// Copies <c>line[start..end]</c> into the text arena for a cell of a pending row. Short values
    /// (region, AZ id …) are copied as one 16-byte vector when 16 bytes of the line and of the
    /// arena are there: a memmove call for nine bytes cost more than the copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal TextRef AppendText(ReadOnlySpan<byte> line, int start, int end)
    {
        int length = end - start;
        if (length > 16 || line.Length - start < 16 || _textBytes.Length - _textLength < 16)
        {
            return AppendText(line[start..end]);
        }

        // The bytes past the value land in arena space no row owns yet.
        Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(line), (nuint)start)
            .StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(_textBytes), (nuint)_textLength);
        var text = new TextRef(_textLength, length);
        _textLength += length;
        return text;
    }

    private TextRef AppendText(ReadOnlySpan<byte> value)
    {
        value.CopyTo(FreeText(value.Length));
        var text = new TextRef(_textLength, value.Length);
        CommitText(value.Length);
        return text;
    }

    // A run of rows typed column by column (see FlowRunParser): each column's cells of the next
    // rows, written in sequence, then committed together.

    /// <summary>Integer slot <paramref name="slot"/>'s cells of the next <paramref name="rows"/> rows.</summary>
    internal Span<long> PendingIntegers(int slot, int rows) => _integers.AsSpan((slot * Capacity) + Count, rows);

    /// <summary>Address slot <paramref name="slot"/>'s cells of the next <paramref name="rows"/> rows.</summary>
    internal Span<FlowAddress> PendingAddresses(int slot, int rows) => _addresses.AsSpan((slot * Capacity) + Count, rows);

    /// <summary>Resource-id slot <paramref name="slot"/>'s cells of the next <paramref name="rows"/> rows.</summary>
    internal Span<ResourceId> PendingResourceIds(int slot, int rows) => _ids.AsSpan((slot * Capacity) + Count, rows);

    /// <summary>Word slot <paramref name="slot"/>'s cells of the next <paramref name="rows"/> rows.</summary>
    internal Span<byte> PendingWords(int slot, int rows) => _words.AsSpan((slot * Capacity) + Count, rows);

    /// <summary>Text slot <paramref name="textSlot"/>'s cells of the next <paramref name="rows"/> rows.</summary>
    internal Span<TextRef> PendingText(int textSlot, int rows) => _text.AsSpan((textSlot * Capacity) + Count, rows);

    /// <summary>
    /// At least <paramref name="bytes"/> bytes of free text arena, for a run's text to be copied
    /// into without a check per value; <see cref="TextMark"/> is where they start, and
    /// <see cref="CommitText"/> keeps what was used.
    /// </summary>
    internal Span<byte> FreeText(int bytes)
    {
        if (_textBytes.Length - _textLength < bytes)
        {
            Array.Resize(ref _textBytes, Math.Max(_textBytes.Length * 2, _textLength + bytes));
        }

        return _textBytes.AsSpan(_textLength);
    }

    /// <summary>Keeps the first <paramref name="bytes"/> bytes of <see cref="FreeText"/> as written text.</summary>
    internal void CommitText(int bytes) => _textLength += bytes;

    /// <summary>The account cells of the next <paramref name="rows"/> rows.</summary>
    internal Span<AccountId> PendingAccounts(int rows) => _accounts.AsSpan(Count, rows);

    /// <summary>The presence masks of the next <paramref name="rows"/> rows, each set to <paramref name="typed"/> for the typing to clear the bits of nulls.</summary>
    internal Span<ulong> PendingPresence(int rows, ulong typed)
    {
        Span<ulong> presence = _presence.AsSpan(Count, rows);
        presence.Fill(typed);
        return presence;
    }

    /// <summary>Makes the next <paramref name="rows"/> rows, of consecutive lines from <paramref name="firstLineNumber"/>, part of the batch.</summary>
    internal void CommitRows(int rows, long firstLineNumber)
    {
        Span<long> lineNumbers = _lineNumbers.AsSpan(Count, rows);
        for (int row = 0; row < lineNumbers.Length; row++)
        {
            lineNumbers[row] = firstLineNumber + row;
        }

        Count += rows;
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
