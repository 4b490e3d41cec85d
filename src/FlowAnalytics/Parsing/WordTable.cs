using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace FlowAnalytics.Parsing;

/// <summary>
/// The words of one closed-vocabulary field (up to four, each up to 15 bytes) as 16-byte keys, so
/// a cell types with one load, one select and a compare per word: no call and no switch on the
/// field, which the run loops paid for every cell.
/// </summary>
/// <remarks>
/// A key is the text with the bytes past its end set to its length. Two texts of lengths up to
/// 15 have equal keys only when they are equal: if the lengths differ, byte 15 (past both) holds
/// each one's length.
/// </remarks>
internal readonly struct WordTable
{
    /// <summary>The longest text a key holds.</summary>
    public const int MaxLength = 15;

    private const int MaxWords = 4;

    private readonly Vector128<byte> _key0;
    private readonly Vector128<byte> _key1;
    private readonly Vector128<byte> _key2;
    private readonly Vector128<byte> _key3;
    private readonly byte _value0;
    private readonly byte _value1;
    private readonly byte _value2;
    private readonly byte _value3;

    /// <summary>A table of <paramref name="words"/> (ASCII) and their values (non-zero); unused entries repeat the first.</summary>
    public WordTable(params ReadOnlySpan<(string Word, byte Value)> words)
    {
        if (words.Length is < 1 or > MaxWords)
        {
            throw new ArgumentOutOfRangeException(nameof(words), $"A word table holds 1 to {MaxWords} words.");
        }

        Span<Vector128<byte>> keys = stackalloc Vector128<byte>[MaxWords];
        Span<byte> values = stackalloc byte[MaxWords];
        for (int i = 0; i < MaxWords; i++)
        {
            (string word, byte value) = words[Math.Min(i, words.Length - 1)];
            if (word.Length is < 1 or > MaxLength || value == 0)
            {
                throw new ArgumentException($"'{word}': a word has 1 to {MaxLength} bytes and a non-zero value.", nameof(words));
            }

            keys[i] = KeyOf(Encoding.ASCII.GetBytes(word));
            values[i] = value;
        }

        (_key0, _key1, _key2, _key3) = (keys[0], keys[1], keys[2], keys[3]);
        (_value0, _value1, _value2, _value3) = (values[0], values[1], values[2], values[3]);
    }

    /// <summary>The value of <c>line[start..end]</c>, or 0 when it is no word of the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Find(ReadOnlySpan<byte> line, int start, int end)
    {
        int length = end - start;
        if ((uint)(length - 1) >= MaxLength)
        {
            return 0;
        }

        if (line.Length - start < Vector128<byte>.Count)
        {
            return Find(line[start..end]);
        }

        return FindAt(line, start, length);
    }

    /// <summary>
    /// The value of the <paramref name="length"/> (1 to 15) bytes of <paramref name="line"/> at
    /// <paramref name="start"/>, or 0; at least 16 bytes of the line must follow the start. Inline
    /// and callless, for the run loops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte FindAt(ReadOnlySpan<byte> line, int start, int length)
    {
        Vector128<byte> loaded = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(line), (nuint)start);
        return Find(Vector128.ConditionalSelect(
            Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)length)), loaded, Vector128.Create((byte)length)));
    }

    /// <summary>The value of <paramref name="text"/>, or 0 when it is no word of the table.</summary>
    /// <remarks>A call, not inlined: the run loops take it only for fields in the text's last 16 bytes, where a load from the start would run past the end.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public byte Find(ReadOnlySpan<byte> text) =>
        (uint)(text.Length - 1) >= MaxLength ? (byte)0 : Find(KeyOf(text));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Find(Vector128<byte> key) =>
        key == _key0 ? _value0
        : key == _key1 ? _value1
        : key == _key2 ? _value2
        : key == _key3 ? _value3
        : (byte)0;

    private static Vector128<byte> KeyOf(ReadOnlySpan<byte> text)
    {
        Span<byte> key = stackalloc byte[Vector128<byte>.Count];
        key.Fill((byte)text.Length);
        text.CopyTo(key);
        return Vector128.Create<byte>(key);
    }
}
