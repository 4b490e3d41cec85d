using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

// Line framing: the fast path walks whole lines inside one buffer segment; a line that crosses
// segments (about one per segment) takes the slow path through the scratch buffer.
public sealed partial class FlowLogReader
{
    /// <summary>Consumes whole lines from <paramref name="buffer"/>; true when the batch must end now.</summary>
    private bool ConsumeLines(ref ReadOnlySequence<byte> buffer, FlowRecordBatch batch, bool isFinal)
    {
        while (!buffer.IsEmpty)
        {
            if (batch.IsFull)
            {
                return true;
            }

            if (_skippingLongLine && !SkipRestOfLongLine(ref buffer))
            {
                return false;
            }

            ReadOnlySpan<byte> span = buffer.FirstSpan;
            int consumed = 0;
            bool stop = false;

            while (true)
            {
                if (_chunk is not null && _chunk.Split(span[consumed..], batch.Capacity - batch.Count, _plan.Layout.Count, _maxLineLength) > 0)
                {
                    stop = HandleChunk(span[consumed..], batch, ref consumed);
                }
                else
                {
                    // Framing and splitting in one pass over the line's bytes.
                    int fields = FieldSplitter.SplitLine(span[consumed..], _plan.Bounds, out int newline, out bool hasNonAscii);
                    if (newline < 0)
                    {
                        break;
                    }

                    stop = HandleSplitLine(span[consumed..], 0, newline, _plan.Bounds, fields, hasNonAscii, batch);
                    consumed += newline + 1;
                }

                if (stop || batch.IsFull)
                {
                    break;
                }
            }

            if (consumed > 0)
            {
                buffer = buffer.Slice(consumed);
                if (stop)
                {
                    return true;
                }

                continue;
            }

            if (ConsumeSpanningLine(ref buffer, batch, isFinal, out stop))
            {
                if (stop)
                {
                    return true;
                }

                continue;
            }

            return false;
        }

        return false;
    }

    /// <summary>
    /// Types the lines <see cref="_chunk"/> split at the start of <paramref name="text"/>, moving
    /// <paramref name="consumed"/> past them; true when the batch must end after the last one
    /// typed. Runs of plain record lines are typed column by column; any other line (a header, a
    /// blank or over-long line, one with a CR, the wrong field count or a non-ASCII byte) ends the
    /// run before it and is handled on its own.
    /// </summary>
    private bool HandleChunk(ReadOnlySpan<byte> text, FlowRecordBatch batch, ref int consumed)
    {
        ChunkSplit chunk = _chunk!;
        int lines = chunk.Lines;
        bool checkAscii = chunk.HasNonAscii;
        int chunkStart = consumed;
        int run = 0;
        ulong alone = checkAscii ? ulong.MaxValue >> (64 - lines) : chunk.Irregular;
        for (; alone != 0; alone &= alone - 1)
        {
            int i = BitOperations.TrailingZeroCount(alone);
            TypeRun(text, chunk, run, i, batch);
            run = i + 1;
            int start = chunk.LineStart(i);
            int length = chunk.LineEnd(i) - start;
            bool hasNonAscii = checkAscii && !Ascii.IsValid(text.Slice(start, length));
            LayoutPlan plan = _plan;
            bool stop = HandleSplitLine(text, start, length, chunk.LineBounds(i), chunk.FieldCount(i), hasNonAscii, batch);
            if (stop || _plan != plan)
            {
                // A header changed the layout: the lines after it were marked for the old one,
                // so they are split again.
                consumed = chunkStart + chunk.LineEnd(i) + 1;
                return stop;
            }
        }

        TypeRun(text, chunk, run, lines, batch);
        consumed = chunkStart + chunk.LineEnd(lines - 1) + 1;
        return false;
    }

    /// <summary>True when <paramref name="line"/>, whose first field starts with <paramref name="firstByte"/>, is a header line.</summary>
    private static bool IsHeaderLine(ReadOnlySpan<byte> line, byte firstByte) =>
        FlowHeader.MayStartWith(firstByte) && FlowHeader.IsHeader(line);

    /// <summary>Records the layout in force as the layout of the batch's first rows when the batch is empty; returns it.</summary>
    private FlowLayout NoteLayout(FlowRecordBatch batch)
    {
        FlowLayout layout = _plan.Layout;
        if (batch.Count == 0 && (_layouts.Count == 0 || _layouts[^1] != layout))
        {
            _layouts.Add(layout);
        }

        return layout;
    }

    /// <summary>
    /// Types chunk lines <paramref name="first"/> to <paramref name="end"/> (exclusive), all plain
    /// record lines, column by column; when one of them does not type, one by one instead, which
    /// reports it and keeps the others.
    /// </summary>
    private void TypeRun(ReadOnlySpan<byte> text, ChunkSplit chunk, int first, int end, FlowRecordBatch batch)
    {
        int rows = end - first;
        if (rows == 0)
        {
            return;
        }

        NoteLayout(batch);
        if (FlowRunParser.TryParse(text, chunk.BoundsFrom(first), new RowOffsets(rows, 2 * chunk.FieldCount(first)), _plan, batch))
        {
            batch.CommitRows(rows, Lines + 1);
            Lines += rows;
            Records += rows;
            return;
        }

        for (int i = first; i < end; i++)
        {
            int start = chunk.LineStart(i);
            // Plain record lines: none is a header, so none ends the batch.
            HandleSplitLine(text, start, chunk.LineEnd(i) - start, chunk.LineBounds(i), chunk.FieldCount(i), false, batch);
        }
    }

    /// <summary>Handles a line that does not end in the first segment; false when more input is needed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ConsumeSpanningLine(ref ReadOnlySequence<byte> buffer, FlowRecordBatch batch, bool isFinal, out bool stop)
    {
        stop = false;
        SequencePosition? newline = buffer.PositionOf((byte)'\n');
        ReadOnlySequence<byte> line = newline is null ? buffer : buffer.Slice(0, newline.Value);
        if (line.Length > _maxLineLength + 1)
        {
            // The +1 leaves room for a CR before the LF that may not have arrived yet.
            Lines++;
            AddError(FlowErrorReason.LineTooLong, null, line.FirstSpan);
            _skippingLongLine = newline is null;
            buffer = newline is null ? buffer.Slice(buffer.End) : buffer.Slice(buffer.GetPosition(1, newline.Value));
            return true;
        }

        if (newline is null && !isFinal)
        {
            return false;
        }

        stop = HandleLine(Flatten(line), batch);
        buffer = newline is null ? buffer.Slice(buffer.End) : buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    /// <summary>Discards the remainder of an over-long line; false when the buffer ran out first.</summary>
    private bool SkipRestOfLongLine(ref ReadOnlySequence<byte> buffer)
    {
        SequencePosition? newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            buffer = buffer.Slice(buffer.End);
            return false;
        }

        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        _skippingLongLine = false;
        return true;
    }

    private ReadOnlySpan<byte> Flatten(in ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return line.FirstSpan;
        }

        int length = (int)line.Length;
        if (_scratch is null || _scratch.Length < length)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(length, 4096));
        }

        line.CopyTo(_scratch);
        return _scratch.AsSpan(0, length);
    }

    /// <summary>Splits and types one line (without its LF); true when the batch must end here.</summary>
    private bool HandleLine(ReadOnlySpan<byte> line, FlowRecordBatch batch)
    {
        int fields = FieldSplitter.Split(line, _plan.Bounds, out bool hasNonAscii);
        return HandleSplitLine(line, 0, line.Length, _plan.Bounds, fields, hasNonAscii, batch);
    }

    /// <summary>
    /// Types the line of <paramref name="length"/> bytes (without its LF) at
    /// <paramref name="start"/> in <paramref name="text"/>, already split into
    /// <paramref name="bounds"/> (offsets in the text); true when the batch must end here. The
    /// text may run on past the line (see <see cref="FlowLineParser.TryParse"/>).
    /// </summary>
    private bool HandleSplitLine(ReadOnlySpan<byte> text, int start, int length, Span<int> bounds, int fields, bool hasNonAscii, FlowRecordBatch batch)
    {
        Lines++;
        ReadOnlySpan<byte> line = text.Slice(start, length);
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
            fields = DropCarriageReturn(bounds, fields, start + line.Length);
        }

        if (line.Length > _maxLineLength)
        {
            AddError(FlowErrorReason.LineTooLong, null, line);
            return false;
        }

        if (fields == 0)
        {
            BlankLines++;
            return false;
        }

        if (IsHeaderLine(line, text[bounds[0]]))
        {
            return ApplyHeader(line, batch);
        }

        FlowLayout layout = NoteLayout(batch);
        if (hasNonAscii && !Utf8.IsValid(line))
        {
            AddError(FlowErrorReason.InvalidUtf8, null, line);
        }
        else if (fields != layout.Count)
        {
            AddError(fields < layout.Count ? FlowErrorReason.TooFewFields : FlowErrorReason.TooManyFields, null, line);
        }
        else if (FlowLineParser.TryParse(text, bounds, _plan, batch, out ulong presence))
        {
            batch.CommitRow(presence, Lines);
            Records++;
        }
        else
        {
            FlowErrorReason reason = FlowLineParser.FirstFailure(text, bounds, _plan, batch, out int column);
            AddError(reason, layout.Columns[column].Name, line);
        }

        return false;
    }

    /// <summary>
    /// The field count once a CR the split saw as the last field's last byte is gone: that field
    /// ends one byte sooner, or goes when it was the CR alone (a space before the CR).
    /// </summary>
    private static int DropCarriageReturn(Span<int> bounds, int fields, int end)
    {
        if (fields == 0 || 2 * fields > bounds.Length)
        {
            // No field, or too many to have been written: the count is an error either way.
            return fields;
        }

        int last = 2 * (fields - 1);
        if (bounds[last] == end)
        {
            return fields - 1;
        }

        bounds[last + 1] = end;
        return fields;
    }

    private bool ApplyHeader(ReadOnlySpan<byte> line, FlowRecordBatch batch)
    {
        line = line.Trim((byte)' ');
        if (_header is not null && line.SequenceEqual(_header))
        {
            HeaderLines++;
            return false;
        }

        // A rejected header is a rejected line, not also a header: every line counts once.
        FlowLayout? layout = FlowHeader.ParseHeaderLine(line);
        if (layout is null)
        {
            AddError(FlowErrorReason.BadHeader, null, line);
            return false;
        }

        HeaderLines++;

        _header = line.ToArray();
        _plan = new LayoutPlan(layout, _fields);
        if (batch.Count > 0)
        {
            return true;
        }

        batch.Reset(layout, _fields);
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddError(FlowErrorReason reason, string? field, ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> head = line[..Math.Min(line.Length, FlowLineError.MaxExcerptLength)];
        Errors.Add(new FlowLineError(Lines, reason, field, Encoding.UTF8.GetString(head)));
    }
}
