using System.Text;

namespace FlowAnalytics.Records;

/// <summary>
/// A view of one row of a <see cref="FlowRecordBatch"/>. Touching it allocates nothing; values the
/// record lacks (<c>-</c> or not in the layout) come back as null.
/// </summary>
public readonly ref struct FlowRecordView
{
    private readonly FlowRecordBatch _batch;
    private readonly int _row;

    internal FlowRecordView(FlowRecordBatch batch, int row)
    {
        _batch = batch;
        _row = row;
    }

    /// <summary>The record's 1-based line number in its input.</summary>
    public long LineNumber => _batch.LineNumbers[_row];

    /// <summary>True when the field has a value.</summary>
    public bool Has(FlowField field) => (_batch.Presence[_row] & (1UL << (int)field)) != 0;

    /// <summary>An integer field's value.</summary>
    public long? Integer(FlowField field) => Has(field) ? _batch.Integers(field)[_row] : null;

    /// <summary>An address field's value.</summary>
    public FlowAddress? Address(FlowField field) => Has(field) ? _batch.Addresses(field)[_row] : null;

    /// <summary>A resource-id field's value.</summary>
    public ResourceId? ResourceId(FlowField field) => Has(field) ? _batch.ResourceIds(field)[_row] : null;

    /// <summary>The account id.</summary>
    public AccountId? AccountId => Has(FlowField.AccountId) ? _batch.AccountIds[_row] : null;

    /// <summary>The action.</summary>
    public FlowAction? Action => Has(FlowField.Action) ? (FlowAction)_batch.Words(FlowField.Action)[_row] : null;

    /// <summary>The log status.</summary>
    public LogStatus? LogStatus => Has(FlowField.LogStatus) ? (LogStatus)_batch.Words(FlowField.LogStatus)[_row] : null;

    /// <summary>The traffic type.</summary>
    public TrafficType? Type => Has(FlowField.Type) ? (TrafficType)_batch.Words(FlowField.Type)[_row] : null;

    /// <summary>The flow direction.</summary>
    public FlowDirection? FlowDirection =>
        Has(FlowField.FlowDirection) ? (FlowDirection)_batch.Words(FlowField.FlowDirection)[_row] : null;

    /// <summary>The sublocation type.</summary>
    public SublocationType? SublocationType =>
        Has(FlowField.SublocationType) ? (SublocationType)_batch.Words(FlowField.SublocationType)[_row] : null;

    /// <summary>The bytes of a text column (by the column's index in the layout); empty when null.</summary>
    public ReadOnlySpan<byte> TextAt(int column)
    {
        int slot = _batch.Layout.Columns[column].TextSlot;
        return slot < 0 ? default : _batch.Text(_row, slot);
    }

    /// <summary>A text column's value as a string, or null (allocates; for output and tests).</summary>
    public string? TextString(string name)
    {
        ReadOnlySpan<FlowColumn> columns = _batch.Layout.Columns;
        for (int i = 0; i < columns.Length; i++)
        {
            if (columns[i].Name == name && columns[i].TextSlot >= 0)
            {
                return _batch.IsTextNull(_row, columns[i].TextSlot) ? null : Encoding.UTF8.GetString(_batch.Text(_row, columns[i].TextSlot));
            }
        }

        return null;
    }
}
