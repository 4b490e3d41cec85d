using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Streams a flow-log input (already decompressed) from a <see cref="PipeReader"/> into columnar
/// <see cref="FlowRecordBatch"/>es. Header lines set the layout (also mid-file); blank lines are
/// skipped; bad lines become counted, located errors and reading goes on with the next line.
/// Lines are parsed in place in the pipe's buffers; only a line that crosses two buffer segments
/// is copied, into one scratch buffer the reader owns.
/// </summary>
public sealed partial class FlowLogReader : IAsyncDisposable
{
    private readonly PipeReader _input;
    private readonly int _maxLineLength;
    private readonly List<FlowLayout> _layouts = [];
    private readonly ulong _fields;
    private LayoutPlan _plan;
    private byte[]? _header;
    private byte[]? _scratch;
    private readonly ChunkSplit? _chunk = ChunkSplit.IsSupported ? new ChunkSplit() : null;
    private bool _skippingLongLine;
    private bool _completed;

    /// <summary>Creates a reader over decompressed flow-log text.</summary>
    public FlowLogReader(PipeReader input, FlowLogReaderOptions? options = null)
    {
        options ??= new FlowLogReaderOptions();
        _input = input;
        _maxLineLength = options.MaxLineLength;
        _fields = options.Fields;
        _plan = new LayoutPlan(options.Layout, _fields);
        Errors = options.Errors ?? new FlowErrorLog();
        InitializeParsingTables();
    }

    /// <summary>
    /// Runs the static initializers of the types whose tables the parsing loops read, before those
    /// loops are compiled: a loop is compiled fully optimized on its first call and never again, so
    /// a type not yet initialized then costs a check and an indirection at every use, for good.
    /// </summary>
    private static void InitializeParsingTables()
    {
        RuntimeHelpers.RunClassConstructor(typeof(VectorIPv4Parser).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(FieldSplitter).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(SplitKernels).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(TextRef).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(AccountId).TypeHandle);
    }

    /// <summary>The layout lines are read with now.</summary>
    public FlowLayout Layout => _plan.Layout;

    /// <summary>Every distinct layout met so far, in order (the initial one once a record used it).</summary>
    public IReadOnlyList<FlowLayout> Layouts => _layouts;

    /// <summary>Lines read, of every kind.</summary>
    public long Lines { get; private set; }

    /// <summary>Header lines read (including repeats).</summary>
    public long HeaderLines { get; private set; }

    /// <summary>Empty or all-space lines skipped.</summary>
    public long BlankLines { get; private set; }

    /// <summary>Lines typed into records.</summary>
    public long Records { get; private set; }

    /// <summary>Rejected lines.</summary>
    public FlowErrorLog Errors { get; }

    /// <summary>
    /// Fills <paramref name="batch"/> with the next records. Returns false once the input is
    /// exhausted and nothing was read. A batch ends early where a header changes the layout.
    /// </summary>
    public async ValueTask<bool> ReadBatchAsync(FlowRecordBatch batch, CancellationToken cancellationToken = default)
    {
        batch.Reset(_plan.Layout, _fields);
        while (!_completed)
        {
            ReadResult result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool stop = ConsumeLines(ref buffer, batch, result.IsCompleted);
            if (stop)
            {
                // Leave the rest unexamined so the next read returns it without waiting for more.
                _input.AdvanceTo(buffer.Start);
                return true;
            }

            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                _completed = true;
                break;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }

        return batch.Count > 0;
    }

    /// <summary>Completes the input (and so closes the stream under it) and returns the scratch buffer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }
}
