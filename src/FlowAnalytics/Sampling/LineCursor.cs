using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace FlowAnalytics.Sampling;

/// <summary>
/// Appends the fields of one flow-log line to a span: a space before every field but the first,
/// <c>-</c> for null text and negative numbers, a newline at the end. The span must hold the whole line.
/// </summary>
internal ref struct LineCursor
{
    private readonly Span<byte> _line;

    /// <summary>Starts a line at the beginning of <paramref name="line"/>.</summary>
    public LineCursor(Span<byte> line) => _line = line;

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>Writes the first field: a number, no leading space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Number(long value)
    {
        if (value < 0)
        {
            _line[Length++] = (byte)'-';
            return;
        }

        Utf8Formatter.TryFormat(value, _line[Length..], out int written);
        Length += written;
    }

    /// <summary>Writes a space and a number, or <c>-</c> when negative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Field(long value)
    {
        _line[Length++] = (byte)' ';
        Number(value);
    }

    /// <summary>Writes a space and text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Field(ReadOnlySpan<byte> text)
    {
        _line[Length++] = (byte)' ';
        text.CopyTo(_line[Length..]);
        Length += text.Length;
    }

    /// <summary>Writes a space and text, or <c>-</c> when null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Field(byte[]? text) => Field(text is null ? "-"u8 : text.AsSpan());

    /// <summary>Ends the line with a newline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void End() => _line[Length++] = (byte)'\n';
}
