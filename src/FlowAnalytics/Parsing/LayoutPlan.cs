using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// A reader's working state for one layout: which columns to type (the rest are only counted and
/// read as absent), the scratch for field boundaries, and each column's repeat memo. Built once
/// per layout change, so the per-line loop touches only what it needs.
/// </summary>
internal sealed class LayoutPlan
{
    public LayoutPlan(FlowLayout layout, ulong fields)
    {
        Layout = layout;
        Fields = fields;
        // Room past the layout's fields: the 64-byte split kernel stores boundaries 16 at a time
        // without checking each, and a line with a few fields too many is still counted exactly.
        Bounds = new int[(2 * layout.Count) + BoundsSlack];
        Memos = new ColumnMemo[layout.Count];
        var typed = new List<int>(layout.Count);
        var integers = new List<int>(layout.Count);
        var addresses = new List<int>(layout.Count);
        var ids = new List<IdColumn>();
        var words = new List<int>();
        var others = new List<int>(layout.Count);
        var skippedText = new List<int>();
        ReadOnlySpan<FlowColumn> columns = layout.Columns;
        for (int c = 0; c < columns.Length; c++)
        {
            Memos[c].Clear();
            if ((fields & (1UL << (int)columns[c].Field)) != 0)
            {
                typed.Add(c);
                if (columns[c].Kind == FlowFieldKind.ResourceId)
                {
                    ids.Add(IdColumn.For(c, columns[c].Field));
                    continue;
                }

                (columns[c].Kind switch
                {
                    FlowFieldKind.Integer => integers,
                    FlowFieldKind.Address => addresses,
                    FlowFieldKind.Word => words,
                    _ => others,
                }).Add(c);
            }
            else if (columns[c].TextSlot >= 0)
            {
                skippedText.Add(columns[c].TextSlot);
            }
        }

        TypedColumns = [.. typed];
        foreach (int c in typed)
        {
            TypedPresence |= columns[c].PresenceBit;
        }

        IntegerColumns = [.. integers];
        IntegerGroups = IntegerGroup.For(columns, IntegerColumns);
        AddressColumns = [.. addresses];
        AddressTwins = TwinsOf(columns, AddressColumns);
        IdColumns = [.. ids];
        WordColumns = [.. words];
        OtherColumns = [.. others];
        SkippedTextSlots = [.. skippedText];
    }

    private const int BoundsSlack = 64;

    private static int[] TwinsOf(ReadOnlySpan<FlowColumn> columns, int[] addressColumns)
    {
        int[] twins = new int[addressColumns.Length];
        for (int a = 0; a < addressColumns.Length; a++)
        {
            FlowField twin = columns[addressColumns[a]].Field switch
            {
                FlowField.SrcAddr => FlowField.PktSrcAddr,
                FlowField.PktSrcAddr => FlowField.SrcAddr,
                FlowField.DstAddr => FlowField.PktDstAddr,
                FlowField.PktDstAddr => FlowField.DstAddr,
                _ => FlowField.Unknown,
            };
            twins[a] = -1;
            for (int earlier = 0; earlier < a; earlier++)
            {
                if (columns[addressColumns[earlier]].Field == twin)
                {
                    twins[a] = addressColumns[earlier];
                }
            }
        }

        return twins;
    }

    public FlowLayout Layout { get; }

    /// <summary>The fields to type: one bit per <see cref="FlowField"/>, <see cref="FlowField.Unknown"/> for unknown columns.</summary>
    public ulong Fields { get; }

    /// <summary>Indexes of the columns to type, in line order.</summary>
    public int[] TypedColumns { get; }

    /// <summary>The presence bits of the typed columns: a record's presence before its nulls clear theirs.</summary>
    public ulong TypedPresence { get; }

    /// <summary>
    /// The typed columns split by kind: integers, addresses, ids and words go through loops of
    /// their own, with no dispatch per column; account ids and text through the shared typing
    /// switch. This array holds the integer columns, in line order.
    /// </summary>
    public int[] IntegerColumns { get; }

    /// <summary>The integer columns four at a time, for <see cref="IntegerParser.TryParseFour"/>.</summary>
    public IntegerGroup[] IntegerGroups { get; }

    /// <summary>The typed address columns, in line order.</summary>
    public int[] AddressColumns { get; }

    /// <summary>
    /// Per address column (as <see cref="AddressColumns"/> lists them), the column of its twin
    /// when that is typed before it, else -1: pkt-srcaddr and srcaddr, pkt-dstaddr and dstaddr. The packet-level address differs
    /// from the interface's only behind a NAT or a transit hop, so most records repeat the text,
    /// and comparing it costs less than parsing it again (far less for IPv6).
    /// </summary>
    public int[] AddressTwins { get; }

    /// <summary>The typed resource-id columns, in line order.</summary>
    public IdColumn[] IdColumns { get; }

    /// <summary>The typed closed-vocabulary columns (action, log-status …), in line order.</summary>
    public int[] WordColumns { get; }

    /// <summary>The typed columns of the other kinds (account id, text), in line order.</summary>
    public int[] OtherColumns { get; }

    /// <summary>Text slots of columns not typed: set null on every row so no stale text shows.</summary>
    public int[] SkippedTextSlots { get; }

    /// <summary>Field boundaries of the current line (start, end) per column.</summary>
    public int[] Bounds { get; }

    /// <summary>Per column, the last text and value (see <see cref="ColumnMemo"/>).</summary>
    public ColumnMemo[] Memos { get; }
}
