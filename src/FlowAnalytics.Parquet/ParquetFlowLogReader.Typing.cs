using System.Globalization;
using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parquet;

// Typing one row: the text reader's rules cell by cell. Strings (and integers in a column that
// holds ids or words) go through the text parsers as UTF-8, so a Parquet value is accepted exactly
// when the same text in a text flow log would be.
public sealed partial class ParquetFlowLogReader
{
    // No reason: the enum has no "none" member because an error always has a cause.
    private const FlowErrorReason Ok = (FlowErrorReason)255;

    private byte[] _scratch = new byte[256];

    private void TypeRow(FlowRecordBatch batch, int row)
    {
        int textMark = batch.TextMark;
        foreach (int slot in _skippedTextSlots)
        {
            batch.SetTextNull(slot);
        }

        ulong presence = 0;
        foreach (int c in _typed)
        {
            ParquetFlowColumn column = _columns[c];
            FlowErrorReason reason = TypeCell(column, row, batch, out bool isNull);
            if (reason != Ok)
            {
                batch.RewindText(textMark);
                AddError(reason, column, row);
                return;
            }

            if (!isNull)
            {
                presence |= column.Column.PresenceBit;
            }
        }

        batch.CommitRow(presence, Lines + 1);
        Records++;
    }

    private FlowErrorReason TypeCell(ParquetFlowColumn source, int row, FlowRecordBatch batch, out bool isNull)
    {
        FlowColumn column = source.Column;
        ReadOnlySpan<byte> text;
        if (source.Storage == ParquetValueType.String)
        {
            string? value = source.Text(row);
            isNull = value is null or "-";
            if (isNull)
            {
                SetNull(batch, column);
                return Ok;
            }

            text = Encode(value!);
            if (column.Kind == FlowFieldKind.Integer)
            {
                FieldParseStatus status = IntegerParser.Parse(text, column.MaxValue, out long parsed);
                if (status != FieldParseStatus.Ok)
                {
                    return status == FieldParseStatus.Bad ? FlowErrorReason.BadNumber : FlowErrorReason.NumberOutOfRange;
                }

                batch.SetInteger(column.Slot, parsed);
                return Ok;
            }
        }
        else
        {
            long? value = source.Integer(row);
            isNull = value is null;
            if (value is not { } number)
            {
                SetNull(batch, column);
                return Ok;
            }

            if (column.Kind == FlowFieldKind.Integer)
            {
                if (number < 0 || number > column.MaxValue)
                {
                    return FlowErrorReason.NumberOutOfRange;
                }

                batch.SetInteger(column.Slot, number);
                return Ok;
            }

            text = Format(number);
        }

        return TypeText(text, column, batch, ref source.Memo);
    }

    private static FlowErrorReason TypeText(ReadOnlySpan<byte> text, FlowColumn column, FlowRecordBatch batch, ref ColumnMemo memo)
    {
        switch (column.Kind)
        {
            case FlowFieldKind.Address:
                if (!memo.Matches(text))
                {
                    if (!AddressParser.TryParse(text, out FlowAddress address))
                    {
                        return FlowErrorReason.BadAddress;
                    }

                    memo.Remember(text, address.Value);
                }

                batch.SetAddress(column.Slot, new FlowAddress(memo.Value));
                return Ok;

            case FlowFieldKind.ResourceId:
                if (!memo.Matches(text))
                {
                    if (!ResourceIdParser.TryParse(text, FlowFields.IdPrefix(column.Field), out ResourceId id))
                    {
                        return FlowErrorReason.BadId;
                    }

                    memo.Remember(text, id.Packed);
                }

                batch.SetResourceId(column.Slot, new ResourceId(memo.Value));
                return Ok;

            case FlowFieldKind.Account:
                if (!memo.Matches(text))
                {
                    if (!AccountIdParser.TryParse(text, out AccountId account))
                    {
                        return FlowErrorReason.BadAccountId;
                    }

                    memo.Remember(text, account.Packed);
                }

                batch.SetAccount(new AccountId((ulong)memo.Value));
                return Ok;

            case FlowFieldKind.Word:
                byte word = WordParser.Parse(column.Field, text);
                if (word == 0)
                {
                    return FlowErrorReason.BadValue;
                }

                batch.SetWord(column.Slot, word);
                return Ok;

            default:
                batch.SetText(column.TextSlot, text);
                return Ok;
        }
    }

    // Nulls write zero, as the text reader's "-" does, so column sums need no presence check.
    private static void SetNull(FlowRecordBatch batch, FlowColumn column)
    {
        switch (column.Kind)
        {
            case FlowFieldKind.Integer:
                batch.SetInteger(column.Slot, 0);
                break;
            case FlowFieldKind.Word:
                batch.SetWord(column.Slot, 0);
                break;
            case FlowFieldKind.Text:
                batch.SetTextNull(column.TextSlot);
                break;
            case FlowFieldKind.Address:
                batch.SetAddress(column.Slot, default);
                break;
            case FlowFieldKind.ResourceId:
                batch.SetResourceId(column.Slot, default);
                break;
            case FlowFieldKind.Account:
                batch.SetAccount(default);
                break;
        }
    }

    private ReadOnlySpan<byte> Encode(string value)
    {
        int length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }

        return _scratch.AsSpan(0, Encoding.UTF8.GetBytes(value, _scratch));
    }

    private ReadOnlySpan<byte> Format(long value)
    {
        // 20 bytes hold any long in decimal; the scratch is never smaller than 256.
        value.TryFormat(_scratch, out int written, provider: CultureInfo.InvariantCulture);
        return _scratch.AsSpan(0, written);
    }

    // The excerpt is the bad cell as "column=value": a Parquet row has no line to quote.
    private void AddError(FlowErrorReason reason, ParquetFlowColumn column, int row)
    {
        string value = column.Storage == ParquetValueType.String
            ? column.Text(row) ?? "-"
            : column.Integer(row)?.ToString(CultureInfo.InvariantCulture) ?? "-";
        string excerpt = $"{column.Data.Name}={value}";
        if (excerpt.Length > FlowLineError.MaxExcerptLength)
        {
            excerpt = excerpt[..FlowLineError.MaxExcerptLength];
        }

        Errors.Add(new FlowLineError(Lines + 1, reason, column.Column.Name, excerpt));
    }
}
