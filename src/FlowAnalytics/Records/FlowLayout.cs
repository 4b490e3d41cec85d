using System.Text;

namespace FlowAnalytics.Records;

/// <summary>
/// The order of fields in a flow-log file: from its header line, from <c>--format</c>, or the
/// 14-field default. Immutable; one instance per distinct header, shared by every batch it reads.
/// </summary>
public sealed class FlowLayout
{
    private readonly FlowColumn[] _columns;

    private FlowLayout(FlowColumn[] columns, FlowLogKind kind)
    {
        _columns = columns;
        Kind = kind;
        ulong mask = 0;
        int textSlots = 0;
        foreach (FlowColumn column in columns)
        {
            if (column.Field != FlowField.Unknown)
            {
                mask |= 1UL << (int)column.Field;
            }

            if (column.TextSlot >= 0)
            {
                textSlots++;
            }
        }

        FieldMask = mask;
        TextSlotCount = textSlots;
    }

    /// <summary>The 14-field default format (version 2), used when a file has no header.</summary>
    public static FlowLayout Default { get; } = Create(FlowFields.DefaultFormat.ToArray());

    /// <summary>The columns, in the order they appear on a line.</summary>
    public ReadOnlySpan<FlowColumn> Columns => _columns;

    /// <summary>The number of fields a line must have.</summary>
    public int Count => _columns.Length;

    /// <summary>One bit per known field present (bit = <see cref="FlowField"/> value).</summary>
    public ulong FieldMask { get; }

    /// <summary>How many columns are kept as text (text fields and unknown fields).</summary>
    public int TextSlotCount { get; }

    /// <summary>A VPC flow log, or a Transit Gateway flow log (not attributable to endpoint ENIs).</summary>
    public FlowLogKind Kind { get; }

    /// <summary>True when the layout has the field.</summary>
    public bool Has(FlowField field) => (FieldMask & (1UL << (int)field)) != 0;

    /// <summary>The layout's field names separated by spaces, as a header line would print them.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (FlowColumn column in _columns)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(column.Name);
        }

        return text.ToString();
    }

    /// <summary>Builds a layout from known fields.</summary>
    public static FlowLayout Create(IReadOnlyList<FlowField> fields)
    {
        var names = new string[fields.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = FlowFields.Name(fields[i]);
        }

        return Create(names) ?? throw new ArgumentException("Duplicate fields.", nameof(fields));
    }

    /// <summary>
    /// Builds a layout from field names. Unknown names become raw-text columns. Returns null when a
    /// name repeats, which no flow log writes and which would make a record ambiguous.
    /// </summary>
    public static FlowLayout? Create(IReadOnlyList<string> names)
    {
        var columns = new FlowColumn[names.Count];
        ulong seen = 0;
        int textSlot = 0;
        var kind = FlowLogKind.VpcFlowLog;
        for (int i = 0; i < columns.Length; i++)
        {
            string name = names[i];
            if (!FlowFields.TryParseName(Encoding.ASCII.GetBytes(name), out FlowField field))
            {
                field = FlowField.Unknown;
                if (name == "resource-type" || name.StartsWith("tgw-", StringComparison.Ordinal))
                {
                    kind = FlowLogKind.TransitGateway;
                }

                for (int j = 0; j < i; j++)
                {
                    if (columns[j].Name == name)
                    {
                        return null;
                    }
                }
            }
            else if ((seen & (1UL << (int)field)) != 0)
            {
                return null;
            }
            else
            {
                seen |= 1UL << (int)field;
            }

            bool isText = FlowFields.Kind(field) == FlowFieldKind.Text;
            columns[i] = new FlowColumn(field, name, isText ? textSlot++ : -1);
        }

        return new FlowLayout(columns, kind);
    }
}

/// <summary>
/// One column of a layout: the field, its name as written, and what the parser needs to type it
/// (precomputed here so the per-record loop reads a struct instead of switching on the field).
/// </summary>
public readonly record struct FlowColumn
{
    /// <summary>Creates a column; <paramref name="textSlot"/> is -1 unless the field is kept as text.</summary>
    public FlowColumn(FlowField field, string name, int textSlot)
    {
        Field = field;
        Name = name;
        TextSlot = textSlot;
        Kind = FlowFields.Kind(field);
        Slot = field == FlowField.Unknown ? 0 : FlowFields.Slot(field);
        MaxValue = FlowFields.MaxValue(field);
        PresenceBit = field == FlowField.Unknown ? 0 : 1UL << (int)field;
    }

    /// <summary>The field (<see cref="FlowField.Unknown"/> for names this build does not know).</summary>
    public FlowField Field { get; }

    /// <summary>The name as the header wrote it.</summary>
    public string Name { get; }

    /// <summary>The text column the value goes to, or -1 for typed fields.</summary>
    public int TextSlot { get; }

    /// <summary>How the value is typed.</summary>
    public FlowFieldKind Kind { get; }

    /// <summary>The column within the field's kind (see <see cref="FlowFields.Slot"/>).</summary>
    public int Slot { get; }

    /// <summary>The largest value of an integer field.</summary>
    public long MaxValue { get; }

    /// <summary>The field's bit in a row's presence mask (0 for unknown fields).</summary>
    public ulong PresenceBit { get; }
}

/// <summary>Which kind of flow log a layout describes.</summary>
public enum FlowLogKind : byte
{
    /// <summary>A VPC flow log (ENI-level records).</summary>
    VpcFlowLog,
    /// <summary>A Transit Gateway flow log: recognised and counted, not attributable to endpoint ENIs.</summary>
    TransitGateway,
}
