using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Types one line into the pending row of a batch. Stateless; the reader owns the line and the
/// scratch space for field boundaries. On failure the row is not committed and the failing column
/// is reported, so the caller can build a located error without this hot method allocating.
/// </summary>
internal static class FlowLineParser
{
    /// <summary>True when field <c>line[start..end]</c> is "-", the null of every field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsNull(ReadOnlySpan<byte> line, int start, int end) => end - start == 1 && line[start] == (byte)'-';

    /// <summary>
    /// Types the plan's columns of a line already split into <paramref name="bounds"/> (one pair
    /// per field of the layout, as offsets in <paramref name="text"/>) into the batch's pending
    /// row, and gives the row's presence bits; the caller commits the row and has checked the
    /// field count and the UTF-8. False, with nothing kept, when a column does not type:
    /// <see cref="FirstFailure"/> then says which and why. Bytes of the text past the line are
    /// read only by vector loads that mask them off, which spares the fields at a line's end
    /// their byte-by-byte twins. The few arguments all travel in registers.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, LayoutPlan plan, FlowRecordBatch batch, out ulong presence)
    {
        int textMark = batch.TextMark;
        foreach (int slot in plan.SkippedTextSlots)
        {
            batch.SetTextNull(slot);
        }

        if (TryTypeIntegers(text, bounds, plan, batch, out ulong integerPresence)
            && TryTypeAddresses(text, bounds, plan, batch, out ulong addressPresence)
            && TryTypeIds(text, bounds, plan, batch, out ulong idPresence)
            && TryTypeWords(text, bounds, plan, batch, out ulong wordPresence)
            && TryTypeOthers(text, bounds, plan, batch, out ulong otherPresence))
        {
            presence = integerPresence | addressPresence | idPresence | wordPresence | otherPresence;
            return true;
        }

        batch.RewindText(textMark);
        presence = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryTypeIntegers(ReadOnlySpan<byte> line, ReadOnlySpan<int> bounds, LayoutPlan plan, FlowRecordBatch batch, out ulong presence)
    {
        presence = 0;
        // Column indexes come from the plan of this layout and the split found exactly
        // layout.Count fields, so c < columns.Length and bounds holds 2 × layout.Count entries.
        ref FlowColumn firstColumn = ref MemoryMarshal.GetReference(plan.Layout.Columns);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        ReadOnlySpan<int> integers = plan.IntegerColumns;
        if (!IntegerParser.FourAtOnce)
        {
            return TryTypeIntegersOneByOne(line, integers, ref firstColumn, ref firstBound, batch, ref presence);
        }

        ReadOnlySpan<IntegerGroup> groups = plan.IntegerGroups;
        int next = 0;
        while ((next = TypeIntegerGroups(line, groups, next, ref firstBound, batch, ref presence)) < groups.Length)
        {
            int first = 4 * next;
            if (!TryTypeIntegersOneByOne(line, integers.Slice(first, Math.Min(4, integers.Length - first)), ref firstColumn, ref firstBound, batch, ref presence))
            {
                return false;
            }

            next++;
        }

        return true;
    }

    /// <summary>
    /// The integer columns four at a time from group <paramref name="next"/> on, up to the first
    /// group with a field that needs the one-by-one loop (null, bad, out of range, longer than 16
    /// bytes, or too near the end of the text): its index, or the group count when all typed. The
    /// loop makes no call, so its state stays in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TypeIntegerGroups(
        ReadOnlySpan<byte> line, ReadOnlySpan<IntegerGroup> groups, int next, ref int firstBound, FlowRecordBatch batch, ref ulong presence)
    {
        ref long row = ref batch.PendingIntegerCell;
        int stride = batch.Capacity;
        ulong typed = 0;
        for (; next < groups.Length; next++)
        {
            ref readonly IntegerGroup group = ref groups[next];
            int start0 = Unsafe.Add(ref firstBound, group.Bound0), length0 = Unsafe.Add(ref firstBound, group.Bound0 + 1) - start0;
            int start1 = Unsafe.Add(ref firstBound, group.Bound1), length1 = Unsafe.Add(ref firstBound, group.Bound1 + 1) - start1;
            int start2 = Unsafe.Add(ref firstBound, group.Bound2), length2 = Unsafe.Add(ref firstBound, group.Bound2 + 1) - start2;
            int start3 = Unsafe.Add(ref firstBound, group.Bound3), length3 = Unsafe.Add(ref firstBound, group.Bound3 + 1) - start3;
            // Columns come in line order, so the last starts latest; lengths of 1..16 only.
            if ((uint)((length0 - 1) | (length1 - 1) | (length2 - 1) | (length3 - 1)) >= 16 || line.Length - start3 < 16
                || !IntegerParser.TryParseFour(line, start0, start1, start2, start3, length0, length1, length2, length3, group.Maxima, out Vector512<ulong> values))
            {
                break;
            }

            // Slots are below the batch's integer slot count, so every cell is inside the batch.
            Unsafe.Add(ref row, group.Slot0 * stride) = (long)values.GetElement(0);
            Unsafe.Add(ref row, group.Slot1 * stride) = (long)values.GetElement(2);
            Unsafe.Add(ref row, group.Slot2 * stride) = (long)values.GetElement(4);
            Unsafe.Add(ref row, group.Slot3 * stride) = (long)values.GetElement(6);
            typed |= group.Presence;
        }

        presence |= typed;
        return next;
    }

    private static bool TryTypeIntegersOneByOne(
        ReadOnlySpan<byte> line, ReadOnlySpan<int> integers, ref FlowColumn firstColumn, ref int firstBound, FlowRecordBatch batch, ref ulong presence)
    {
        foreach (int c in integers)
        {
            ref readonly FlowColumn column = ref Unsafe.Add(ref firstColumn, c);
            int start = Unsafe.Add(ref firstBound, 2 * c);
            int end = Unsafe.Add(ref firstBound, 2 * c + 1);
            if (IsNull(line, start, end))
            {
                batch.SetInteger(column.Slot, 0);
                continue;
            }

            if (IntegerParser.Parse(line, start, end, column.MaxValue, out long value) != FieldParseStatus.Ok)
            {
                return false;
            }

            batch.SetInteger(column.Slot, value);
            presence |= column.PresenceBit;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryTypeAddresses(ReadOnlySpan<byte> line, ReadOnlySpan<int> bounds, LayoutPlan plan, FlowRecordBatch batch, out ulong presence)
    {
        presence = 0;
        ref FlowColumn firstColumn = ref MemoryMarshal.GetReference(plan.Layout.Columns);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        ReadOnlySpan<int> addresses = plan.AddressColumns;
        int next = 0;
        while ((next = TypeIPv4Addresses(line, addresses, next, ref firstColumn, ref firstBound, batch, ref presence)) < addresses.Length)
        {
            if (!TryTypeAddress(line, addresses[next], ref firstColumn, ref firstBound, ref MemoryMarshal.GetReference(plan.Memos.AsSpan()), batch, ref presence))
            {
                return false;
            }

            next++;
        }

        return true;
    }

    /// <summary>
    /// The address columns from <paramref name="next"/> on that the vector parser reads as dotted
    /// quads, up to the first that it does not (IPv6, null, bad, or too near the line's end): its
    /// index, or the column count. The loop makes no call, so its state stays in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TypeIPv4Addresses(
        ReadOnlySpan<byte> line, ReadOnlySpan<int> addresses, int next, ref FlowColumn firstColumn, ref int firstBound, FlowRecordBatch batch, ref ulong presence)
    {
        if (!VectorIPv4Parser.IsSupported)
        {
            return next;
        }

        ulong typed = 0;
        for (; next < addresses.Length; next++)
        {
            int c = addresses[next];
            int start = Unsafe.Add(ref firstBound, 2 * c);
            if (line.Length - start < 16 || !VectorIPv4Parser.TryParse(line, start, Unsafe.Add(ref firstBound, (2 * c) + 1), out uint ipv4))
            {
                break;
            }

            ref readonly FlowColumn column = ref Unsafe.Add(ref firstColumn, c);
            batch.SetAddress(column.Slot, FlowAddress.FromIPv4(ipv4));
            typed |= column.PresenceBit;
        }

        presence |= typed;
        return next;
    }

    /// <summary>One address column of any form: null, IPv6 (through the column's memo) or a dotted quad the vector parser could not take.</summary>
    private static bool TryTypeAddress(
        ReadOnlySpan<byte> line, int c, ref FlowColumn firstColumn, ref int firstBound, ref ColumnMemo firstMemo, FlowRecordBatch batch, ref ulong presence)
    {
        ref readonly FlowColumn column = ref Unsafe.Add(ref firstColumn, c);
        if (!TryParseAddress(line, Unsafe.Add(ref firstBound, 2 * c), Unsafe.Add(ref firstBound, (2 * c) + 1), ref Unsafe.Add(ref firstMemo, c), out FlowAddress address, out bool present))
        {
            return false;
        }

        batch.SetAddress(column.Slot, address);
        presence |= present ? column.PresenceBit : 0;
        return true;
    }

    /// <summary>
    /// The address in <c>line[start..end]</c> in any form: a dotted quad, IPv6 (through the
    /// column's memo: parsing a dotted quad costs less than comparing it, an IPv6 text more), or
    /// null (<paramref name="present"/> false, the address zero). False when it is none of them.
    /// </summary>
    internal static bool TryParseAddress(ReadOnlySpan<byte> line, int start, int end, ref ColumnMemo memo, out FlowAddress address, out bool present)
    {
        present = true;
        if (AddressParser.TryParseIPv4(line, start, end, out uint ipv4))
        {
            address = FlowAddress.FromIPv4(ipv4);
            return true;
        }

        ReadOnlySpan<byte> text = line[start..end];
        if (!memo.Matches(text))
        {
            if (IsNull(text, 0, text.Length))
            {
                address = default;
                present = false;
                return true;
            }

            if (!AddressParser.TryParseIPv6(line, start, end, out address))
            {
                return false;
            }

            memo.Remember(text, address.Value);
        }

        address = new FlowAddress(memo.Value);
        return true;
    }

    // Every kind's loop inlines into TryParse: a call each cost more than its work on
    // default-format lines. The slow paths (one-by-one integers, addresses other than a dotted
    // quad) stay calls, off the loops that have none.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryTypeIds(ReadOnlySpan<byte> line, ReadOnlySpan<int> bounds, LayoutPlan plan, FlowRecordBatch batch, out ulong presence)
    {
        presence = 0;
        ref FlowColumn firstColumn = ref MemoryMarshal.GetReference(plan.Layout.Columns);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        ref ColumnMemo firstMemo = ref MemoryMarshal.GetReference(plan.Memos.AsSpan());
        foreach (IdColumn id in plan.IdColumns)
        {
            ref readonly FlowColumn column = ref Unsafe.Add(ref firstColumn, id.Column);
            int start = Unsafe.Add(ref firstBound, 2 * id.Column);
            int end = Unsafe.Add(ref firstBound, (2 * id.Column) + 1);
            if (!TryParseId(line, start, end, id, ref Unsafe.Add(ref firstMemo, id.Column), out ResourceId value, out bool present))
            {
                return false;
            }

            batch.SetResourceId(column.Slot, value);
            presence |= present ? column.PresenceBit : 0;
        }

        return true;
    }

    /// <summary>
    /// The resource id of column <paramref name="id"/> in <c>line[start..end]</c>, through the
    /// column's memo when it has one, or null (<paramref name="present"/> false, the id zero).
    /// False when it is neither.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParseId(ReadOnlySpan<byte> line, int start, int end, in IdColumn id, ref ColumnMemo memo, out ResourceId value, out bool present)
    {
        ReadOnlySpan<byte> text = line[start..end];
        present = true;
        if (id.Remembers && memo.Matches(text))
        {
            value = new ResourceId(memo.Value);
            return true;
        }

        if (IsNull(text, 0, text.Length))
        {
            value = default;
            present = false;
            return true;
        }

        if (!ResourceIdParser.TryParse(line, start, end, id.PrefixWord, id.PrefixLength, out value))
        {
            return false;
        }

        if (id.Remembers)
        {
            memo.Remember(text, value.Packed);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryTypeWords(ReadOnlySpan<byte> line, ReadOnlySpan<int> bounds, LayoutPlan plan, FlowRecordBatch batch, out ulong presence)
    {
        presence = 0;
        ref FlowColumn firstColumn = ref MemoryMarshal.GetReference(plan.Layout.Columns);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        foreach (int c in plan.WordColumns)
        {
            ref readonly FlowColumn column = ref Unsafe.Add(ref firstColumn, c);
            int start = Unsafe.Add(ref firstBound, 2 * c);
            int end = Unsafe.Add(ref firstBound, 2 * c + 1);
            // "-" is no word of any field: null is told from bad only when the word is not found.
            byte word = WordParser.Table(column.Field).Find(line, start, end);
            if (word == 0)
            {
                if (!IsNull(line, start, end))
                {
                    return false;
                }

                batch.SetWord(column.Slot, 0);
                continue;
            }

            batch.SetWord(column.Slot, word);
            presence |= column.PresenceBit;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryTypeOthers(ReadOnlySpan<byte> line, ReadOnlySpan<int> bounds, LayoutPlan plan, FlowRecordBatch batch, out ulong presence)
    {
        presence = 0;
        ref FlowColumn firstColumn = ref MemoryMarshal.GetReference(plan.Layout.Columns);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        ref ColumnMemo firstMemo = ref MemoryMarshal.GetReference(plan.Memos.AsSpan());
        foreach (int c in plan.OtherColumns)
        {
            ref readonly FlowColumn column = ref Unsafe.Add(ref firstColumn, c);
            int start = Unsafe.Add(ref firstBound, 2 * c);
            int end = Unsafe.Add(ref firstBound, 2 * c + 1);
            // Only account ids and text come here: typing just those two, rather than through the
            // switch of every kind, keeps the other kinds' code out of TryParse, whose registers
            // it crowded.
            bool isNull = IsNull(line, start, end);
            if (column.Kind == FlowFieldKind.Account)
            {
                if (isNull)
                {
                    batch.SetAccount(default);
                    continue;
                }

                if (!TryTypeAccount(line[start..end], batch, ref Unsafe.Add(ref firstMemo, c)))
                {
                    return false;
                }
            }
            else if (isNull)
            {
                batch.SetTextNull(column.TextSlot);
                continue;
            }
            else
            {
                batch.SetText(column.TextSlot, line, start, end);
            }

            presence |= column.PresenceBit;
        }

        return true;
    }

    /// <summary>Types an account id through the column's memo; false when it is not one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryTypeAccount(ReadOnlySpan<byte> text, FlowRecordBatch batch, ref ColumnMemo memo)
    {
        if (!TryParseAccount(text, ref memo, out AccountId account))
        {
            return false;
        }

        batch.SetAccount(account);
        return true;
    }

    /// <summary>The account id in <paramref name="text"/> through the column's memo; false when it is not one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParseAccount(ReadOnlySpan<byte> text, ref ColumnMemo memo, out AccountId account)
    {
        if (!memo.Matches(text))
        {
            if (!AccountIdParser.TryParse(text, out account))
            {
                return false;
            }

            memo.Remember(text, new Bits128(0, account.Packed));
        }

        account = new AccountId(memo.Value.Low);
        return true;
    }

    /// <summary>
    /// For a line <see cref="TryParse"/> rejected: types the plan's columns in line order up to
    /// the first that fails, and gives its reason and index. The kind-by-kind pass stops at the
    /// first bad column of its kind; the error names the first bad column of the line. Nothing
    /// typed is kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FlowErrorReason FirstFailure(ReadOnlySpan<byte> line, ReadOnlySpan<int> bounds, LayoutPlan plan, FlowRecordBatch batch, out int errorColumn)
    {
        ReadOnlySpan<FlowColumn> columns = plan.Layout.Columns;
        int textMark = batch.TextMark;
        foreach (int c in plan.TypedColumns)
        {
            int start = bounds[2 * c];
            int end = bounds[2 * c + 1];
            if (IsNull(line, start, end))
            {
                continue;
            }

            FlowErrorReason reason = ParseField(line, start, end, columns[c], batch, ref plan.Memos[c]);
            if (reason != Ok)
            {
                batch.RewindText(textMark);
                errorColumn = c;
                return reason;
            }
        }

        throw new InvalidOperationException("A line failed typing by kind but every column types in line order.");
    }

    /// <summary>"No error": the enum has no such member because an error always has a cause.</summary>
    internal const FlowErrorReason Ok = (FlowErrorReason)255;

    /// <summary>
    /// Types <c>line[start..end]</c> into the pending row's column: the one set of typing rules,
    /// shared with the Parquet reader (which passes a cell's text as the whole line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FlowErrorReason ParseField(
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
                return TryTypeAccount(text, batch, ref memo) ? Ok : FlowErrorReason.BadAccountId;

            case FlowFieldKind.Word:
                byte word = WordParser.Parse(column.Field, text);
                if (word == 0)
                {
                    return FlowErrorReason.BadValue;
                }

                batch.SetWord(column.Slot, word);
                return Ok;

            default:
                batch.SetText(column.TextSlot, line, start, end);
                return Ok;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SetNull(FlowRecordBatch batch, in FlowColumn column)
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
