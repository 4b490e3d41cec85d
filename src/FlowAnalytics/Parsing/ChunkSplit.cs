using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FlowAnalytics.Parsing;

/// <summary>
/// The whole lines at the start of a text, framed and split into fields in one pass of 64-byte
/// blocks (AVX-512 only). LF counts as a field separator like a space, so the field boundaries of
/// all lines come out as one run, and a line's fields are those between its LF and the one before.
/// Splitting line by line cost a call, a partial last block and a line-end search per line;
/// default-format lines are under two blocks long, so that was a third of the split's time.
/// Boundaries are offsets in the text, so the parser reads them in place.
/// </summary>
internal sealed class ChunkSplit
{
    /// <summary>Lines per chunk at most: enough to amortise the call, few enough that a batch that fills mid-chunk wastes little.</summary>
    public const int MaxLines = 64;

    private const int MaxBounds = 4096;

    // Slack: a block stores up to 64 boundaries and meets up to 64 LFs past the limits checked before it.
    private readonly int[] _bounds = new int[MaxBounds + 128];
    private readonly int[] _lineEnds = new int[MaxLines + 64];
    private readonly int[] _boundEnds = new int[MaxLines + 64];
    private readonly int[] _boundStarts = new int[MaxLines + 64];

    /// <summary>True when this CPU runs the chunk split.</summary>
    public static bool IsSupported => SplitKernels.Current == SplitKernel.Vector512;

    /// <summary>Lines found by the last <see cref="Split"/>.</summary>
    public int Lines { get; private set; }

    /// <summary>True when some byte of the blocks the last split read is outside ASCII (the lines then need checking one by one).</summary>
    public bool HasNonAscii { get; private set; }

    /// <summary>
    /// One bit per line of the last split (bit i for line i): set when the line is not a plain
    /// record line of the shape asked for. Such a line has another field count, ends in a CR, is
    /// longer than the limit, or starts with a lower-case letter (a header, or a bad line that
    /// looks like one); the caller handles it on its own. Found while the lines are framed, so the
    /// runs between irregular lines come from a bit scan, not a check of each line.
    /// </summary>
    public ulong Irregular { get; private set; }

    /// <summary>Offset of line <paramref name="line"/>'s LF in the text.</summary>
    public int LineEnd(int line) => _lineEnds[line];

    /// <summary>Offset of line <paramref name="line"/>'s first byte in the text.</summary>
    public int LineStart(int line) => line == 0 ? 0 : _lineEnds[line - 1] + 1;

    /// <summary>The number of fields of line <paramref name="line"/>.</summary>
    public int FieldCount(int line) => (_boundEnds[line] - _boundStarts[line]) / 2;

    /// <summary>
    /// The boundaries of line <paramref name="first"/> and every line split after it, one line's
    /// after the other's: a run of lines with one field count is a grid (see <see cref="RowOffsets"/>).
    /// </summary>
    public ReadOnlySpan<int> BoundsFrom(int first) => _bounds.AsSpan(_boundStarts[first]);

    /// <summary>
    /// Splits the whole lines that start <paramref name="text"/> and end in its whole 64-byte
    /// blocks, at most <paramref name="maxLines"/> (and <see cref="MaxLines"/>): their count, 0
    /// when the text is shorter than a block or its first line does not end in the blocks read.
    /// Lines without <paramref name="fields"/> fields or longer than
    /// <paramref name="maxLineLength"/> bytes are marked <see cref="Irregular"/>.
    /// </summary>
    public int Split(ReadOnlySpan<byte> text, int maxLines, int fields, int maxLineLength)
    {
        maxLines = Math.Min(maxLines, MaxLines);
        ref byte start = ref MemoryMarshal.GetReference(text);
        ref int firstBound = ref MemoryMarshal.GetArrayDataReference(_bounds);
        Vector512<byte> space = Vector512.Create((byte)' ');
        Vector512<byte> lineFeed = Vector512.Create((byte)'\n');
        ulong nonAscii = 0;
        int k = 0;
        int lines = 0;
        int lineBounds = 0;
        int lineStart = 0;
        ulong irregular = 0;
        for (int at = 0; at <= text.Length - 64 && lines < maxLines && k <= MaxBounds - 64; at += 64)
        {
            Vector512<byte> block = Vector512.LoadUnsafe(ref start, (nuint)at);
            Vector512<byte> before = FieldSplitter.BytesBefore(ref start, at, block);
            Vector512<byte> lineFeeds = Vector512.Equals(block, lineFeed);
            Vector512<byte> changes = (Vector512.Equals(block, space) | lineFeeds)
                ^ (Vector512.Equals(before, space) | Vector512.Equals(before, lineFeed));
            ulong bits = changes.ExtractMostSignificantBits();
            int count = BitOperations.PopCount(bits);
            nonAscii |= block.ExtractMostSignificantBits();
            FieldSplitter.StoreBoundaries(changes, at, count, ref Unsafe.Add(ref firstBound, k));
            for (ulong ends = lineFeeds.ExtractMostSignificantBits(); ends != 0; ends &= ends - 1)
            {
                // The LF ends the line's last field, so its own change counts (bits up to and with it).
                int end = BitOperations.TrailingZeroCount(ends);
                int lineEnd = at + end;
                int boundEnd = k + BitOperations.PopCount(bits & ((2UL << end) - 1));
                _lineEnds[lines] = lineEnd;
                _boundStarts[lines] = lineBounds;
                _boundEnds[lines] = boundEnd;
                // With the fields asked for the line is not empty, so its last byte is in the text.
                bool plain = boundEnd - lineBounds == 2 * fields
                    && lineEnd - lineStart <= maxLineLength
                    && Unsafe.Add(ref start, lineEnd - 1) != (byte)'\r'
                    && !FlowHeader.MayStartWith(Unsafe.Add(ref start, Unsafe.Add(ref firstBound, lineBounds)));
                // Lines past the 64th (extra LFs of the last block) are split again next time.
                irregular |= (plain | lines >= MaxLines ? 0UL : 1UL) << lines;
                lineBounds = boundEnd;
                lineStart = lineEnd + 1;
                lines++;
            }

            k += count;
        }

        // A block may hold more LFs than were asked for: the extra lines are split again next time.
        Lines = Math.Min(lines, maxLines);
        HasNonAscii = nonAscii != 0;
        Irregular = Lines == 64 ? irregular : irregular & ((1UL << Lines) - 1);
        return Lines;
    }

    /// <summary>Line <paramref name="line"/>'s field boundaries (start, end exclusive) as offsets in the text.</summary>
    public Span<int> LineBounds(int line)
    {
        int first = _boundStarts[line];
        return _bounds.AsSpan(first, _boundEnds[line] - first);
    }
}
