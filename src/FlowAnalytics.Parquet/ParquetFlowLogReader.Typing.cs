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
    private const FlowErrorReason Ok = FlowLineParser.Ok;

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
                FlowLineParser.SetNull(batch, column);
                return Ok;
            }

            text = Encode(value!);
        }
        else
        {
            long? value = source.Integer(row);
            isNull = value is null;
            if (value is not { } number)
            {
                FlowLineParser.SetNull(batch, column);
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

        return FlowLineParser.ParseField(text, 0, text.Length, column, batch, ref source.Memo);
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
