using System.Buffers;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using Parquet;
using Parquet.Schema;

namespace FlowAnalytics.Parquet;

/// <summary>
/// One Parquet column of a flow log and the values of the current row group: integers widened to
/// <see cref="long"/> (INT32 or INT64, signed or not), or strings. The buffers are owned by the
/// column and reused from one row group to the next.
/// </summary>
internal sealed class ParquetFlowColumn
{
    private long?[] _integers = [];
    private string?[] _strings = [];

    private ParquetFlowColumn(DataField data, ParquetValueType type, FlowColumn column)
    {
        Data = data;
        Storage = type;
        Column = column;
        Memo.Clear();
    }

    /// <summary>The Parquet field the values come from.</summary>
    public DataField Data { get; }

    /// <summary>How the values are stored.</summary>
    public ParquetValueType Storage { get; }

    /// <summary>The layout column the values go to.</summary>
    public FlowColumn Column { get; }

    /// <summary>The last string and what it parsed to (dictionary-encoded columns repeat a lot).</summary>
    public ColumnMemo Memo;

    /// <summary>
    /// A column for <paramref name="data"/> when its type is one a flow log uses (integers, UTF-8
    /// strings), else null: such columns are not part of the layout.
    /// </summary>
    public static ParquetFlowColumn? TryCreate(DataField data, FlowColumn column)
    {
        if (data.IsArray)
        {
            return null;
        }

        // Parquet.Net 6 describes UTF-8 columns as ReadOnlyMemory<char>; they read as strings too.
        ParquetValueType type = data.ClrType == typeof(ReadOnlyMemory<char>) ? ParquetValueType.String : System.Type.GetTypeCode(data.ClrType) switch
        {
            TypeCode.String => ParquetValueType.String,
            TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 => ParquetValueType.Int32,
            TypeCode.UInt32 => ParquetValueType.UInt32,
            TypeCode.Int64 => ParquetValueType.Int64,
            TypeCode.UInt64 => ParquetValueType.UInt64,
            _ => ParquetValueType.Unsupported,
        };
        return type == ParquetValueType.Unsupported ? null : new ParquetFlowColumn(data, type, column);
    }

    /// <summary>The integer of a row, or null.</summary>
    public long? Integer(int row) => _integers[row];

    /// <summary>The string of a row, or null.</summary>
    public string? Text(int row) => _strings[row];

    /// <summary>Reads the column's values in <paramref name="rowGroup"/> (<paramref name="count"/> rows).</summary>
    public async Task LoadAsync(ParquetRowGroupReader rowGroup, int count, CancellationToken cancellationToken)
    {
        if (Storage == ParquetValueType.String)
        {
            Grow(ref _strings, count);
            // Parquet.Net's signature says string, but it stores null for a null cell.
            await rowGroup.ReadAsync(Data, _strings.AsMemory(0, count)!, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        Grow(ref _integers, count);
        Memory<long?> target = _integers.AsMemory(0, count);
        switch (Storage)
        {
            case ParquetValueType.Int64:
                await ReadAsync<long>(rowGroup, target, static v => v, cancellationToken).ConfigureAwait(false);
                break;
            case ParquetValueType.UInt64:
                // Beyond long.MaxValue no flow-log field is in range: -1 reads as out of range.
                await ReadAsync<ulong>(rowGroup, target, static v => v > long.MaxValue ? -1 : (long)v, cancellationToken).ConfigureAwait(false);
                break;
            case ParquetValueType.UInt32:
                await ReadAsync<uint>(rowGroup, target, static v => v, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await ReadInt32Async(rowGroup, target, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private Task ReadInt32Async(ParquetRowGroupReader rowGroup, Memory<long?> target, CancellationToken cancellationToken) =>
        System.Type.GetTypeCode(Data.ClrType) switch
        {
            TypeCode.SByte => ReadAsync<sbyte>(rowGroup, target, static v => v, cancellationToken),
            TypeCode.Byte => ReadAsync<byte>(rowGroup, target, static v => v, cancellationToken),
            TypeCode.Int16 => ReadAsync<short>(rowGroup, target, static v => v, cancellationToken),
            TypeCode.UInt16 => ReadAsync<ushort>(rowGroup, target, static v => v, cancellationToken),
            _ => ReadAsync<int>(rowGroup, target, static v => v, cancellationToken),
        };

    private async Task ReadAsync<T>(
        ParquetRowGroupReader rowGroup, Memory<long?> target, Func<T, long> widen, CancellationToken cancellationToken)
        where T : struct
    {
        int count = target.Length;
        if (Data.IsNullable)
        {
            // Owned here: rented and returned in this call.
            T?[] values = ArrayPool<T?>.Shared.Rent(count);
            try
            {
                await rowGroup.ReadAsync<T>(Data, values.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
                Span<long?> span = target.Span;
                for (int i = 0; i < count; i++)
                {
                    span[i] = values[i] is { } v ? widen(v) : null;
                }
            }
            finally
            {
                ArrayPool<T?>.Shared.Return(values);
            }
        }
        else
        {
            T[] values = ArrayPool<T>.Shared.Rent(count);
            try
            {
                await rowGroup.ReadAsync<T>(Data, values.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
                Span<long?> span = target.Span;
                for (int i = 0; i < count; i++)
                {
                    span[i] = widen(values[i]);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(values);
            }
        }
    }

    private static void Grow<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count)
        {
            buffer = new T[Math.Max(count, buffer.Length * 2)];
        }
    }
}

/// <summary>How a flow-log column's values are stored in Parquet.</summary>
internal enum ParquetValueType : byte
{
    Unsupported,
    String,
    Int32,
    UInt32,
    Int64,
    UInt64,
}
