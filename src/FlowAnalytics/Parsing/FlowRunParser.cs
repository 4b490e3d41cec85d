using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Types a run of record lines column by column into the batch's next rows: the column-major twin
/// of <see cref="FlowLineParser.TryParse"/>, for the lines a <see cref="ChunkSplit"/> framed that
/// have the layout's field count and need no check of their own (no CR, header, non-ASCII byte or
/// excess length). A column's slot, maximum, memo and cells stay in registers for the whole run and
/// its cells are written in sequence, where typing line by line reloaded them for every field of
/// every line. The typing rules are the line parser's, through the same per-field parsers.
/// </summary>
internal static class FlowRunParser
{
    /// <summary>
    /// Types the plan's columns of the run's lines into the next <c>firstBounds.Length</c> rows of
    /// the batch and sets their presence (every typed column's bit, cleared for its nulls: nulls
    /// are the few, so most cells write none); the caller commits them. Line <c>r</c>'s fields are the
    /// pairs of <paramref name="bounds"/> from <c>firstBounds[r]</c> on, as offsets in
    /// <paramref name="text"/>. False, with no text kept, when a field of some line does not type:
    /// the caller then types the lines one by one, which reports the bad line and keeps the others.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, LayoutPlan plan, FlowRecordBatch batch)
    {
        int rows = firstBounds.Length;
        int textMark = batch.TextMark;
        Span<ulong> presence = batch.PendingPresence(rows, plan.TypedPresence);
        foreach (int slot in plan.SkippedTextSlots)
        {
            batch.PendingText(slot, rows).Fill(TextRef.Null);
        }

        if (TryTypeIntegers(text, bounds, firstBounds, plan, batch, presence)
            && TryTypeAddresses(text, bounds, firstBounds, plan, batch, presence)
            && TryTypeIds(text, bounds, firstBounds, plan, batch, presence)
            && TryTypeWords(text, bounds, firstBounds, plan, batch, presence)
            && TryTypeOthers(text, bounds, firstBounds, plan, batch, presence))
        {
            return true;
        }

        batch.RewindText(textMark);
        return false;
    }

    private static bool TryTypeIntegers(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, LayoutPlan plan, FlowRecordBatch batch, Span<ulong> presence)
    {
        ReadOnlySpan<FlowColumn> columns = plan.Layout.Columns;
        int rows = firstBounds.Length;
        foreach (int c in plan.IntegerColumns)
        {
            ref readonly FlowColumn column = ref columns[c];
            Span<long> cells = batch.PendingIntegers(column.Slot, rows);
            int row = 0;
            while (row < rows)
            {
                if (IntegerParser.FourAtOnce)
                {
                    row = TypeIntegersFourAtOnce(text, bounds, firstBounds, 2 * c, column.MaxValue, column.PresenceBit, cells, presence, row);
                }

                // The next four rows (or the rest) one by one: one of them is null, bad, long or
                // near the end of the text; then back to four at once.
                for (int stop = Math.Min(row + 4, rows); row < stop; row++)
                {
                    int start = bounds[firstBounds[row] + (2 * c)];
                    int end = bounds[firstBounds[row] + (2 * c) + 1];
                    if (FlowLineParser.IsNull(text, start, end))
                    {
                        cells[row] = 0;
                        presence[row] &= ~column.PresenceBit;
                        continue;
                    }

                    if (IntegerParser.Parse(text, start, end, column.MaxValue, out long value) != FieldParseStatus.Ok)
                    {
                        return false;
                    }

                    cells[row] = value;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// One integer column (its start at <paramref name="field"/> in each line's bounds) of four
    /// rows at a time from <paramref name="row"/>, up to the first four with a field the vector
    /// parser does not take: the first row not typed. The loop makes no call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TypeIntegersFourAtOnce(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, int field, long max, ulong bit, Span<long> cells, Span<ulong> presence, int row)
    {
        Vector512<ulong> maxima = Vector512.Create((ulong)max);
        Vector512<ulong> evens = Vector512.Create(0UL, 2, 4, 6, 0, 2, 4, 6);
        ref byte first = ref MemoryMarshal.GetReference(text);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        int rows = firstBounds.Length;
        for (; row <= rows - 4; row += 4)
        {
            FieldOfFour(ref firstBound, firstBounds, row, field, out int start0, out int end0, out int start1, out int end1, out int start2, out int end2, out int start3, out int end3);
            int length0 = end0 - start0, length1 = end1 - start1, length2 = end2 - start2, length3 = end3 - start3;
            // Lines come in text order, so the last starts latest; lengths of 1..16 only.
            if ((uint)((length0 - 1) | (length1 - 1) | (length2 - 1) | (length3 - 1)) >= 16 || text.Length - start3 < 16)
            {
                break;
            }

            Vector256<ulong> present = Vector256<ulong>.AllBitsSet;
            if (!IntegerParser.TryParseFour(text, start0, start1, start2, start3, length0, length1, length2, length3, maxima, out Vector512<ulong> values))
            {
                // Nulls ("-") among numbers, as where a column is logged one way only
                // (traffic-path on egress): again with each null as an empty field, 0 and absent,
                // rather than all four one by one. Only here, so columns without nulls pay nothing.
                int null0 = NullFlag(ref first, start0, length0), null1 = NullFlag(ref first, start1, length1);
                int null2 = NullFlag(ref first, start2, length2), null3 = NullFlag(ref first, start3, length3);
                if ((null0 | null1 | null2 | null3) == 0
                    || !IntegerParser.TryParseFour(
                        text, start0, start1, start2, start3, length0 - null0, length1 - null1, length2 - null2, length3 - null3, maxima, out values))
                {
                    break;
                }

                present = Vector256.Create((ulong)null0, (ulong)null1, (ulong)null2, (ulong)null3) - Vector256<ulong>.One;
            }

            Avx512F.PermuteVar8x64(values, evens).GetLower().AsInt64().CopyTo(cells[row..]);
            if (present != Vector256<ulong>.AllBitsSet)
            {
                Span<ulong> four = presence.Slice(row, 4);
                Vector256.AndNot(Vector256.Create<ulong>(four), Vector256.AndNot(Vector256.Create(bit), present)).CopyTo(four);
            }
        }

        return row;
    }

    /// <summary>
    /// The start and end of one field (its start at <paramref name="field"/> in each line's bounds)
    /// in rows <paramref name="row"/> to <paramref name="row"/> + 3, for the four-at-once loops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FieldOfFour(
        ref int firstBound, RowOffsets firstBounds, int row, int field,
        out int start0, out int end0, out int start1, out int end1, out int start2, out int end2, out int start3, out int end3)
    {
        ref int line0 = ref Unsafe.Add(ref firstBound, firstBounds[row] + field);
        ref int line1 = ref Unsafe.Add(ref firstBound, firstBounds[row + 1] + field);
        ref int line2 = ref Unsafe.Add(ref firstBound, firstBounds[row + 2] + field);
        ref int line3 = ref Unsafe.Add(ref firstBound, firstBounds[row + 3] + field);
        (start0, end0) = (line0, Unsafe.Add(ref line0, 1));
        (start1, end1) = (line1, Unsafe.Add(ref line1, 1));
        (start2, end2) = (line2, Unsafe.Add(ref line2, 1));
        (start3, end3) = (line3, Unsafe.Add(ref line3, 1));
    }

    /// <summary>1 when the field of <paramref name="length"/> bytes at <paramref name="start"/> is "-", else 0; no branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NullFlag(ref byte text, int start, int length) =>
        Unsafe.BitCast<bool, byte>((length == 1) & (Unsafe.Add(ref text, start) == (byte)'-'));

    private static bool TryTypeAddresses(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, LayoutPlan plan, FlowRecordBatch batch, Span<ulong> presence)
    {
        ReadOnlySpan<FlowColumn> columns = plan.Layout.Columns;
        int rows = firstBounds.Length;
        for (int a = 0; a < plan.AddressColumns.Length; a++)
        {
            int c = plan.AddressColumns[a];
            ref readonly FlowColumn column = ref columns[c];
            Span<FlowAddress> cells = batch.PendingAddresses(column.Slot, rows);
            ulong bit = column.PresenceBit;
            int twin = plan.AddressTwins[a];
            Span<FlowAddress> twinCells = twin < 0 ? cells : batch.PendingAddresses(columns[twin].Slot, rows);
            ulong twinBit = twin < 0 ? 0 : columns[twin].PresenceBit;
            for (int row = 0; row < rows; row++)
            {
                int start = bounds[firstBounds[row] + (2 * c)];
                int end = bounds[firstBounds[row] + (2 * c) + 1];
                if (twin >= 0 && SameText(text, start, end, bounds[firstBounds[row] + (2 * twin)], bounds[firstBounds[row] + (2 * twin) + 1]))
                {
                    // The twin was typed first, and the same text types the same, null included.
                    cells[row] = twinCells[row];
                    presence[row] &= (presence[row] & twinBit) != 0 ? ulong.MaxValue : ~bit;
                    continue;
                }

                if (VectorIPv4Parser.IsSupported && text.Length - start >= 16 && VectorIPv4Parser.TryParse(text, start, end, out uint ipv4))
                {
                    cells[row] = FlowAddress.FromIPv4(ipv4);
                    continue;
                }

                if (!FlowLineParser.TryParseAddress(text, start, end, ref plan.Memos[c], out cells[row], out bool present))
                {
                    return false;
                }

                presence[row] &= present ? ulong.MaxValue : ~bit;
            }
        }

        return true;
    }

    /// <summary>True when the fields at <paramref name="start"/> and <paramref name="otherStart"/> hold the same bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameText(ReadOnlySpan<byte> text, int start, int end, int otherStart, int otherEnd)
    {
        int length = end - start;
        if (length != otherEnd - otherStart)
        {
            return false;
        }

        ref byte first = ref MemoryMarshal.GetReference(text);
        if (length <= Vector128<byte>.Count && text.Length - Math.Max(start, otherStart) >= Vector128<byte>.Count)
        {
            Vector128<byte> differ = Vector128.LoadUnsafe(ref first, (nuint)start) ^ Vector128.LoadUnsafe(ref first, (nuint)otherStart);
            return (differ & Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)length))) == Vector128<byte>.Zero;
        }

        if (length > Vector128<byte>.Count && length <= 2 * Vector128<byte>.Count)
        {
            // The first and the last sixteen bytes of each, inside the fields.
            return Vector128.LoadUnsafe(ref first, (nuint)start) == Vector128.LoadUnsafe(ref first, (nuint)otherStart)
                && Vector128.LoadUnsafe(ref first, (nuint)(end - 16)) == Vector128.LoadUnsafe(ref first, (nuint)(otherEnd - 16));
        }

        return text[start..end].SequenceEqual(text[otherStart..otherEnd]);
    }

    private static bool TryTypeIds(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, LayoutPlan plan, FlowRecordBatch batch, Span<ulong> presence)
    {
        ReadOnlySpan<FlowColumn> columns = plan.Layout.Columns;
        int rows = firstBounds.Length;
        foreach (IdColumn id in plan.IdColumns)
        {
            ref readonly FlowColumn column = ref columns[id.Column];
            Span<ResourceId> cells = batch.PendingResourceIds(column.Slot, rows);
            ref ColumnMemo memo = ref plan.Memos[id.Column];
            ulong bit = column.PresenceBit;
            int row = 0;
            while (row < rows)
            {
                if (VectorIdParser.FourAtOnce)
                {
                    row = TypeIdsFourAtOnce(text, bounds, firstBounds, 2 * id.Column, id, bit, cells, presence, row);
                }

                // The next four rows (or the rest) one by one: one of them is bad, short, or near
                // either end of the text; then back to four at once.
                for (int stop = Math.Min(row + 4, rows); row < stop; row++)
                {
                    int start = bounds[firstBounds[row] + (2 * id.Column)];
                    int end = bounds[firstBounds[row] + (2 * id.Column) + 1];
                    if (!FlowLineParser.TryParseId(text, start, end, id, ref memo, out cells[row], out bool present))
                    {
                        return false;
                    }

                    presence[row] &= present ? ulong.MaxValue : ~bit;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// One resource-id column (its start at <paramref name="field"/> in each line's bounds) of four
    /// rows at a time from <paramref name="row"/>, nulls among them, up to the first four with a
    /// field the vector parser does not take: the first row not typed. Four ids share the vector
    /// work of one, and the checks of all four (null, prefix, digit count, a 17th digit) are lanes
    /// of one vector with a single branch: ids and nulls alternate in a column (an instance id at
    /// one ENI of a flow, none at the other), and a branch per field mispredicted on them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int TypeIdsFourAtOnce(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, int field, IdColumn id, ulong bit, Span<ResourceId> cells, Span<ulong> presence, int row)
    {
        ref byte first = ref MemoryMarshal.GetReference(text);
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        Vector256<ulong> prefixMask = Vector256.Create(~(ulong.MaxValue << (8 * id.PrefixLength)));
        Vector256<ulong> prefixWord = Vector256.Create(id.PrefixWord);
        Vector128<int> prefixLength = Vector128.Create(id.PrefixLength);
        // Element 2k of the packed digits is id k's low word: interleave the high words before them.
        Vector512<ulong> interleave = Vector512.Create(0UL, 8, 1, 10, 2, 12, 3, 14);
        int rows = firstBounds.Length;
        for (; row <= rows - 4; row += 4)
        {
            FieldOfFour(ref firstBound, firstBounds, row, field, out int start0, out int end0, out int start1, out int end1, out int start2, out int end2, out int start3, out int end3);
            // Lines come in text order: the first ends first and the last starts last. Eight bytes
            // from each start (the prefix word) and the sixteen before each end are read.
            if (end0 < 16 || text.Length - start3 < 8)
            {
                break;
            }

            Vector128<int> lengths = Vector128.Create(end0, end1, end2, end3) - Vector128.Create(start0, start1, start2, start3);
            Vector256<ulong> heads = Vector256.Create(
                Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, start0)), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, start1)),
                Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, start2)), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, start3)));
            Vector128<int> isNull = Vector128.Equals(lengths, Vector128<int>.One)
                & Vector128.Equals(Avx512F.VL.ConvertToVector128Int32(heads.AsInt64() & Vector256.Create(0xFFL)), Vector128.Create((int)'-'));
            Vector128<int> digits = Vector128.AndNot(lengths - prefixLength, isNull);
            Vector128<int> prefixed = Avx512F.VL.ConvertToVector128Int32(Vector256.Equals(heads & prefixMask, prefixWord).AsInt64());
            // A 17th digit (today's long ids) is the byte after the prefix, inside the head word.
            Vector128<int> after = Avx512F.VL.ConvertToVector128Int32(Vector256.ShiftRightLogical(heads, 8 * id.PrefixLength).AsInt64() & Vector256.Create(0xFFL));
            Vector128<int> decimals = after - Vector128.Create((int)'0');
            Vector128<int> letters = (after | Vector128.Create(0x20)) - Vector128.Create((int)'a');
            Vector128<int> isDecimal = Vector128.LessThanOrEqual(decimals.AsUInt32(), Vector128.Create(9u)).AsInt32();
            Vector128<int> isLetter = Vector128.LessThanOrEqual(letters.AsUInt32(), Vector128.Create(5u)).AsInt32();
            Vector128<int> hasHigh = Vector128.Equals(digits, Vector128.Create(ResourceId.MaxDigits));
            Vector128<int> counted = Vector128.LessThan((digits - Vector128<int>.One).AsUInt32(), Vector128.Create((uint)ResourceId.MaxDigits)).AsInt32();
            Vector128<int> typed = isNull | (prefixed & counted & (~hasHigh | isDecimal | isLetter));
            Vector128<int> packed = Vector128.Min(digits, Vector128.Create(16));
            if (typed != Vector128<int>.AllBitsSet
                || !VectorIdParser.TryPackFour(text, end0, end1, end2, end3, packed.GetElement(0), packed.GetElement(1), packed.GetElement(2), packed.GetElement(3), out Vector512<ulong> lows))
            {
                break;
            }

            // Nulls come out zero: no digits inside, no count, no high digit.
            Vector128<int> high = Vector128.ConditionalSelect(isDecimal, decimals, letters + Vector128.Create(10)) & hasHigh;
            Vector256<ulong> highs = Avx2.ConvertToVector256Int64(high.AsUInt32()).AsUInt64()
                | (Avx2.ConvertToVector256Int64(digits.AsUInt32()).AsUInt64() << 56);
            Avx512F.PermuteVar8x64x2(highs.ToVector512Unsafe(), interleave, lows)
                .StoreUnsafe(ref Unsafe.As<ResourceId, ulong>(ref MemoryMarshal.GetReference(cells.Slice(row, 4))));
            Span<ulong> four = presence.Slice(row, 4);
            Vector256.AndNot(Vector256.Create<ulong>(four), Vector256.Create(bit) & Avx2.ConvertToVector256Int64(isNull).AsUInt64()).CopyTo(four);
        }

        return row;
    }

    private static bool TryTypeWords(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, LayoutPlan plan, FlowRecordBatch batch, Span<ulong> presence)
    {
        ReadOnlySpan<FlowColumn> columns = plan.Layout.Columns;
        int rows = firstBounds.Length;
        foreach (int c in plan.WordColumns)
        {
            ref readonly FlowColumn column = ref columns[c];
            Span<byte> cells = batch.PendingWords(column.Slot, rows);
            ref readonly WordTable words = ref WordParser.Table(column.Field);
            for (int row = TypeWordsInline(text, bounds, firstBounds, 2 * c, in words, column.PresenceBit, cells, presence, 0);
                 row < rows;
                 row = TypeWordsInline(text, bounds, firstBounds, 2 * c, in words, column.PresenceBit, cells, presence, row + 1))
            {
                // The row the loop stopped at: near the end of the text, or no word of the field.
                int start = bounds[firstBounds[row] + (2 * c)];
                int end = bounds[firstBounds[row] + (2 * c) + 1];
                byte word = words.Find(text, start, end);
                if (word == 0 && !FlowLineParser.IsNull(text, start, end))
                {
                    return false;
                }

                cells[row] = word;
                presence[row] &= word == 0 ? ~column.PresenceBit : ulong.MaxValue;
            }
        }

        return true;
    }

    /// <summary>
    /// One word column (its start at <paramref name="field"/> in each line's bounds) from
    /// <paramref name="row"/> on, up to the first row with a field near the end of the text or not
    /// a word nor <c>-</c>: that row, which the caller types. No call inside, so the loop's state
    /// stays in registers; with the caller's call in the loop it was spilled to the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int TypeWordsInline(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, int field, in WordTable words, ulong bit, Span<byte> cells, Span<ulong> presence, int row)
    {
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        for (; row < firstBounds.Length; row++)
        {
            ref int bound = ref Unsafe.Add(ref firstBound, firstBounds[row] + field);
            int start = bound;
            int length = Unsafe.Add(ref bound, 1) - start;
            if ((uint)(length - 1) >= WordTable.MaxLength || text.Length - start < Vector128<byte>.Count)
            {
                break;
            }

            // Null first: some columns are nearly always null (sublocation-type), and a null
            // otherwise went through every word's compare before it was told from a bad value.
            if (FlowLineParser.IsNull(text, start, start + length))
            {
                cells[row] = 0;
                presence[row] &= ~bit;
                continue;
            }

            byte word = words.FindAt(text, start, length);
            if (word == 0)
            {
                break;
            }

            cells[row] = word;
        }

        return row;
    }

    private static bool TryTypeOthers(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, LayoutPlan plan, FlowRecordBatch batch, Span<ulong> presence)
    {
        ReadOnlySpan<FlowColumn> columns = plan.Layout.Columns;
        int rows = firstBounds.Length;
        foreach (int c in plan.OtherColumns)
        {
            ref readonly FlowColumn column = ref columns[c];
            // Only account ids and text come here (see FlowLineParser.TryTypeOthers); text always types.
            if (column.Kind != FlowFieldKind.Account)
            {
                CopyTexts(text, bounds, firstBounds, 2 * c, column.PresenceBit, batch.PendingText(column.TextSlot, rows), presence, batch);
            }
            else if (!TryTypeAccounts(text, bounds, firstBounds, 2 * c, ref plan.Memos[c], column.PresenceBit, batch.PendingAccounts(rows), presence))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// One account-id column (its start at <paramref name="field"/> in each line's bounds). An
    /// object holds one account, so nearly every row is the memo's text: a loop of its own keeps
    /// that compare, the cell and the presence bit in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryTypeAccounts(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, int field, ref ColumnMemo memo, ulong bit, Span<AccountId> cells, Span<ulong> presence)
    {
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        for (int row = 0; row < cells.Length; row++)
        {
            ref int bound = ref Unsafe.Add(ref firstBound, firstBounds[row] + field);
            int start = bound;
            int end = Unsafe.Add(ref bound, 1);
            if (FlowLineParser.IsNull(text, start, end))
            {
                cells[row] = default;
                presence[row] &= ~bit;
                continue;
            }

            if (!FlowLineParser.TryParseAccount(text[start..end], ref memo, out cells[row]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// One text column (its start at <paramref name="field"/> in each line's bounds), copied into
    /// the batch's text arena. Values of up to 16 bytes (regions, AZ ids, service names) go as one
    /// vector into arena room reserved for the whole run, so the loop checks no room per value.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CopyTexts(
        ReadOnlySpan<byte> text, ReadOnlySpan<int> bounds, RowOffsets firstBounds, int field, ulong bit, Span<TextRef> cells, Span<ulong> presence, FlowRecordBatch batch)
    {
        ref int firstBound = ref MemoryMarshal.GetReference(bounds);
        int row = 0;
        while (row < cells.Length)
        {
            int offset = batch.TextMark;
            Span<byte> free = batch.FreeText(Vector128<byte>.Count * (cells.Length - row));
            ref byte arena = ref MemoryMarshal.GetReference(free);
            int used = 0;
            for (; row < cells.Length; row++)
            {
                ref int bound = ref Unsafe.Add(ref firstBound, firstBounds[row] + field);
                int start = bound;
                int length = Unsafe.Add(ref bound, 1) - start;
                if (FlowLineParser.IsNull(text, start, start + length))
                {
                    cells[row] = TextRef.Null;
                    presence[row] &= ~bit;
                    continue;
                }

                if (length > Vector128<byte>.Count || text.Length - start < Vector128<byte>.Count)
                {
                    break;
                }

                // The bytes past the value land in room no cell owns yet.
                Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(text), (nuint)start).StoreUnsafe(ref arena, (nuint)used);
                cells[row] = new TextRef(offset + used, length);
                used += length;
            }

            batch.CommitText(used);
            if (row < cells.Length)
            {
                // A long value, or one near the end of the text: copied on its own.
                int start = bounds[firstBounds[row] + field];
                cells[row] = batch.AppendText(text, start, bounds[firstBounds[row] + field + 1]);
                row++;
            }
        }
    }
}
