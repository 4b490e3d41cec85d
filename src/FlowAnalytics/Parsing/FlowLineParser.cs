using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Types one line into the pending row of a batch. Stateless; the reader owns the line and the
/// scratch space for field boundaries. On failure the row is not committed and the failing column
/// is reported, so the caller can build a located error without this hot method allocating.
/// </summary>
internal static class FlowLineParser
{
    /// <summary>
    /// Parses <paramref name="line"/> (no line terminator) with <paramref name="layout"/>.
    /// <paramref name="bounds"/> must hold at least <c>2 × layout.Count</c> integers and
    /// <paramref name="memos"/> one entry per column, cleared whenever the layout changes.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> line, FlowLayout layout, FlowRecordBatch batch, long lineNumber, Span<int> bounds,
        Span<ColumnMemo> memos, out FlowErrorReason reason, out int errorColumn)
    {
        errorColumn = -1;
        int fields = FieldSplitter.Split(line, bounds[..(2 * layout.Count)]);
        if (fields != layout.Count)
        {
            reason = fields < layout.Count ? FlowErrorReason.TooFewFields : FlowErrorReason.TooManyFields;
            return false;
        }

        ReadOnlySpan<FlowColumn> columns = layout.Columns;
        int textMark = batch.TextMark;
        ulong presence = 0;
        for (int c = 0; c < columns.Length; c++)
        {
            ref readonly FlowColumn column = ref columns[c];
            int start = bounds[2 * c];
            int end = bounds[2 * c + 1];
            ReadOnlySpan<byte> text = line[start..end];
            if (text.Length == 1 && text[0] == (byte)'-')
            {
                SetNull(batch, column);
                continue;
            }

            reason = ParseField(line, start, end, column, batch, ref memos[c]);
            if (reason != Ok)
            {
                errorColumn = c;
                batch.RewindText(textMark);
                return false;
            }

            presence |= column.PresenceBit;
        }

        batch.CommitRow(presence, lineNumber);
        reason = Ok;
        return true;
    }

    // No reason: the enum has no "none" member because an error always has a cause.
    private const FlowErrorReason Ok = (FlowErrorReason)255;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FlowErrorReason ParseField(
        ReadOnlySpan<byte> line, int start, int end, in FlowColumn column, FlowRecordBatch batch, ref ColumnMemo memo)
    {
        ReadOnlySpan<byte> text = line[start..end];
        switch (column.Kind)
        {
            case FlowFieldKind.Integer:
                FieldParseStatus status = IntegerParser.Parse(line, start, end, column.MaxValue, out long value);
                if (status != FieldParseStatus.Ok)
                {
                    return status == FieldParseStatus.Bad ? FlowErrorReason.BadNumber : FlowErrorReason.NumberOutOfRange;
                }

                batch.SetInteger(column.Slot, value);
                return Ok;

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetNull(FlowRecordBatch batch, in FlowColumn column)
    {
        // Nulls write zero so that sums over a column need no presence check; the presence mask
        // is still what tells null from a real zero.
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
}
