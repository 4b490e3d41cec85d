using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using Parquet;
using Parquet.Schema;

namespace FlowAnalytics.Parquet;

/// <summary>
/// Reads AWS's Parquet delivery of VPC Flow Logs (<c>.log.parquet</c>) into the same columnar
/// <see cref="FlowRecordBatch"/>es as the text <see cref="FlowLogReader"/>: one column per field,
/// named with underscores (<c>log_status</c>); integers INT32 or INT64 (widened); UTF-8 strings;
/// null is the text format's <c>-</c>. Values are typed by the text reader's rules, and a bad value
/// rejects its row as a counted, located error (the row number is its "line"). Columns whose names
/// this build does not know are kept as text under their hyphenated names, like unknown header
/// fields; columns of other types (floating point, binary, nested) are left out of the layout. Row
/// groups are read column by column, only the columns asked for in <see cref="FlowLogReaderOptions.Fields"/>.
/// </summary>
public sealed partial class ParquetFlowLogReader : IFlowBatchReader
{
    private readonly Stream _input;
    private readonly ParquetReader _parquet;
    private readonly ParquetFlowColumn[] _columns;
    private readonly int[] _typed;
    private readonly int[] _skippedTextSlots;
    private readonly ulong _fields;
    private int _rowGroup;
    private int _row;
    private int _rowCount;
    private long _rowsBefore;

    private ParquetFlowLogReader(Stream input, ParquetReader parquet, FlowLogReaderOptions options)
    {
        _input = input;
        _parquet = parquet;
        _fields = options.Fields;
        Errors = options.Errors ?? new FlowErrorLog();
        (Layout, _columns) = CreateLayout(parquet.Schema);
        var typed = new List<int>(_columns.Length);
        var skippedText = new List<int>();
        for (int c = 0; c < _columns.Length; c++)
        {
            FlowColumn column = _columns[c].Column;
            if ((_fields & (1UL << (int)column.Field)) != 0)
            {
                typed.Add(c);
            }
            else if (column.TextSlot >= 0)
            {
                skippedText.Add(column.TextSlot);
            }
        }

        _typed = [.. typed];
        _skippedTextSlots = [.. skippedText];
    }

    /// <summary>The layout of the file's columns, with AWS's hyphenated field names (<c>log-status</c>).</summary>
    public FlowLayout Layout { get; }

    /// <summary>Rows read, of every kind.</summary>
    public long Lines => _rowsBefore + _row;

    /// <summary>Rows typed into records.</summary>
    public long Records { get; private set; }

    /// <summary>Rejected rows.</summary>
    public FlowErrorLog Errors { get; }

    /// <summary>
    /// Opens a Parquet flow log. A stream that cannot seek (an S3 body) is first copied to a
    /// temporary file. The reader owns <paramref name="stream"/> and disposes it.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not a whole Parquet file, or a known field has a type no flow log uses.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public static async Task<ParquetFlowLogReader> OpenAsync(
        Stream stream, FlowLogReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new FlowLogReaderOptions();
        Stream input = await SeekableInput.OpenAsync(stream, cancellationToken).ConfigureAwait(false);
        try
        {
            await CheckMagicAsync(input, cancellationToken).ConfigureAwait(false);
            ParquetReader parquet;
            try
            {
                parquet = await ParquetReader.CreateAsync(input, parquetOptions: null, leaveStreamOpen: true, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (IsCorruption(e))
            {
                throw new InvalidDataException(e.Message, e);
            }

            try
            {
                return new ParquetFlowLogReader(input, parquet, options);
            }
            catch
            {
                await parquet.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await input.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> ReadBatchAsync(FlowRecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset(Layout, _fields);
        while (!batch.IsFull)
        {
            if (_row == _rowCount)
            {
                if (!await NextRowGroupAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            TypeRow(batch, _row);
            _row++;
        }

        return batch.Count > 0;
    }

    /// <summary>Closes the file (a temporary copy is deleted).</summary>
    public async ValueTask DisposeAsync()
    {
        await _parquet.DisposeAsync().ConfigureAwait(false);
        await _input.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<bool> NextRowGroupAsync(CancellationToken cancellationToken)
    {
        _rowsBefore += _rowCount;
        _row = 0;
        _rowCount = 0;
        if (_rowGroup >= _parquet.RowGroupCount)
        {
            return false;
        }

        try
        {
            using ParquetRowGroupReader rowGroup = _parquet.OpenRowGroupReader(_rowGroup++);
            int count = checked((int)rowGroup.RowCount);
            foreach (int c in _typed)
            {
                await _columns[c].LoadAsync(rowGroup, count, cancellationToken).ConfigureAwait(false);
            }

            _rowCount = count;
        }
        catch (Exception e) when (IsCorruption(e))
        {
            throw new InvalidDataException($"row group {_rowGroup - 1}: {e.Message}", e);
        }

        return true;
    }

    // Parquet.Net reports a damaged file with many exception types (format, range, overflow, its
    // own); all of them mean the object cannot be read, none is worth a retry.
    private static bool IsCorruption(Exception e) => e is not (OperationCanceledException or InvalidDataException or OutOfMemoryException);

    private static async Task CheckMagicAsync(Stream input, CancellationToken cancellationToken)
    {
        // The smallest Parquet file: magic, a footer length, magic.
        if (input.Length < 12)
        {
            throw new InvalidDataException($"{input.Length} bytes is too short for a Parquet file.");
        }

        byte[] tail = new byte[4];
        input.Position = input.Length - tail.Length;
        await input.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        input.Position = 0;
        if (!ParquetFlowLogFormat.Magic.SequenceEqual(tail))
        {
            throw new InvalidDataException("the file does not end with PAR1 (truncated?).");
        }
    }

    private static (FlowLayout Layout, ParquetFlowColumn[] Columns) CreateLayout(ParquetSchema schema)
    {
        var names = new List<string>();
        var fields = new List<DataField>();
        foreach (Field field in schema.Fields)
        {
            if (field is not DataField data)
            {
                continue;
            }

            bool known = FlowFields.TryParseName(data.Name, out FlowField flowField);
            if (ParquetFlowColumn.TryCreate(data, default) is null)
            {
                if (known)
                {
                    throw new InvalidDataException($"column {data.Name} has type {data.ClrType.Name}{(data.IsArray ? "[]" : "")}, which no flow log uses.");
                }

                continue;
            }

            // Unknown columns take the text format's hyphens too: a v9+ field reads under the name a
            // header line would give it, and Transit Gateway columns (resource_type, tgw_id) are
            // recognised as such.
            names.Add(known ? FlowFields.Name(flowField) : data.Name.Replace('_', '-'));
            fields.Add(data);
        }

        FlowLayout layout = FlowLayout.Create(names)
            ?? throw new InvalidDataException($"a field appears twice among the columns {string.Join(", ", names)}.");
        var columns = new ParquetFlowColumn[fields.Count];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = ParquetFlowColumn.TryCreate(fields[c], layout.Columns[c])!;
        }

        return (layout, columns);
    }
}
