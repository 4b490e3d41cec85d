namespace FlowAnalytics.Records;

/// <summary>
/// A batch of parsed records as columns (struct of arrays): one array per typed field kind,
/// column-major, plus a presence mask per row. A reader fills it; the batch owns every array and
/// reuses them from one fill to the next, so steady-state reading allocates nothing.
/// All rows of one batch share one <see cref="Layout"/>.
/// </summary>
public sealed partial class FlowRecordBatch
{
    /// <summary>Rows per batch unless told otherwise: enough to amortise per-batch work, small enough for L2.</summary>
    public const int DefaultCapacity = 2048;

    private readonly ulong[] _presence;
    private readonly long[] _lineNumbers;
    private readonly long[] _integers;
    private readonly FlowAddress[] _addresses;
    private readonly ResourceId[] _ids;
    private readonly AccountId[] _accounts;
    private readonly byte[] _words;
    private TextRef[] _text = [];
    private byte[] _textBytes = new byte[4096];
    private int _textLength;

    // The fields of the last reset: the only integer and word columns that may hold non-zero cells.
    private ulong _writableFields;

    /// <summary>Creates an empty batch that holds up to <paramref name="capacity"/> rows.</summary>
    public FlowRecordBatch(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _presence = new ulong[capacity];
        _lineNumbers = new long[capacity];
        _integers = new long[FlowFields.IntegerCount * capacity];
        _addresses = new FlowAddress[FlowFields.AddressCount * capacity];
        _ids = new ResourceId[FlowFields.ResourceIdCount * capacity];
        _accounts = new AccountId[capacity];
        _words = new byte[FlowFields.WordCount * capacity];
    }

    /// <summary>The most rows the batch holds.</summary>
    public int Capacity { get; }

    /// <summary>The rows filled.</summary>
    public int Count { get; private set; }

    /// <summary>True when no more rows fit.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>The layout of every row in the batch.</summary>
    public FlowLayout Layout { get; private set; } = FlowLayout.Default;

    /// <summary>Per row, one bit per <see cref="FlowField"/> that has a value (not <c>-</c>, not absent).</summary>
    public ReadOnlySpan<ulong> Presence => _presence.AsSpan(0, Count);

    /// <summary>Per row, its 1-based line number in the input.</summary>
    public ReadOnlySpan<long> LineNumbers => _lineNumbers.AsSpan(0, Count);

    /// <summary>Account ids per row (default where absent).</summary>
    public ReadOnlySpan<AccountId> AccountIds => _accounts.AsSpan(0, Count);

    /// <summary>An integer field's column (0 where absent: check <see cref="Presence"/>).</summary>
    public ReadOnlySpan<long> Integers(FlowField field) => _integers.AsSpan(FlowFields.Slot(field) * Capacity, Count);

    /// <summary>An address field's column.</summary>
    public ReadOnlySpan<FlowAddress> Addresses(FlowField field) => _addresses.AsSpan(FlowFields.Slot(field) * Capacity, Count);

    /// <summary>A resource-id field's column.</summary>
    public ReadOnlySpan<ResourceId> ResourceIds(FlowField field) => _ids.AsSpan(FlowFields.Slot(field) * Capacity, Count);

    /// <summary>A word field's column as raw enum values (0 where absent).</summary>
    public ReadOnlySpan<byte> Words(FlowField field) => _words.AsSpan(FlowFields.Slot(field) * Capacity, Count);

    /// <summary>A text column's bytes for one row; empty for null (check with <see cref="IsTextNull"/>).</summary>
    public ReadOnlySpan<byte> Text(int row, int textSlot)
    {
        TextRef text = _text[textSlot * Capacity + row];
        return text.IsNull ? default : _textBytes.AsSpan(text.Offset, text.Length);
    }

    /// <summary>True when the text column has no value in that row.</summary>
    public bool IsTextNull(int row, int textSlot) => _text[textSlot * Capacity + row].IsNull;

    /// <summary>A view of one row.</summary>
    public FlowRecordView this[int row] => new(this, row);

    /// <summary>
    /// Empties the batch and sets the layout of the rows to come; integer and word columns of
    /// fields outside the layout or outside <paramref name="fields"/> (one bit per field) read 0.
    /// </summary>
    public void Reset(FlowLayout layout, ulong fields = ulong.MaxValue)
    {
        Count = 0;
        _textLength = 0;
        Layout = layout;
        ClearAbsentColumns(layout.FieldMask & fields);
        int textCells = layout.TextSlotCount * Capacity;
        if (_text.Length < textCells)
        {
            _text = new TextRef[textCells];
        }
    }

    // Integer and word columns of fields the layout lacks read as 0, so column sums need no
    // presence check whatever the layout (the parser writes 0 for "-" for the same reason).
    // Readers write only the fields they were reset with, so a column absent from the last reset
    // too still holds zeros: clearing every absent column on every batch was 40 bytes of memset per
    // record for the default format.
    private void ClearAbsentColumns(ulong present)
    {
        ulong stale = _writableFields & ~present;
        _writableFields = present;
        for (int f = 0; f < FlowFields.Count; f++)
        {
            var field = (FlowField)f;
            if ((stale & (1UL << f)) == 0)
            {
                continue;
            }

            FlowFieldKind kind = FlowFields.Kind(field);
            if (kind == FlowFieldKind.Integer)
            {
                _integers.AsSpan(FlowFields.Slot(field) * Capacity, Capacity).Clear();
            }
            else if (kind == FlowFieldKind.Word)
            {
                _words.AsSpan(FlowFields.Slot(field) * Capacity, Capacity).Clear();
            }
        }
    }
}
