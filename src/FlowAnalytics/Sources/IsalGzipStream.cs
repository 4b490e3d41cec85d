using System.Runtime.InteropServices;

namespace FlowAnalytics.Sources;

/// <summary>
/// Decompresses gzip with ISA-L (<see cref="IsalLibrary"/>), as <see cref="CompleteGzipStream"/>
/// does with .NET's zlib and with the same outcomes: every member's header is checked as zlib
/// checks it (<see cref="GzipHeaderReader"/>), its data inflated by ISA-L and its CRC-32 and
/// length checked; after a member, bytes that do not start another (trailing zeros, garbage) end
/// the text quietly, as .NET's GZipStream ends it; input that stops inside a member raises
/// <see cref="InvalidDataException"/>, so a truncated object counts nothing.
/// </summary>
public sealed class IsalGzipStream : ForwardOnlyStream
{
    private readonly Stream _compressed;
    private readonly IsalInflateState _state;
    private GzipHeaderReader _header;
    private byte[]? _pinnedOutput;
    private bool _inputEnded;
    private bool _ended;
    private bool _disposed;

    /// <summary>Reads the gzip bytes of <paramref name="compressed"/>, which it disposes.</summary>
    public IsalGzipStream(Stream compressed)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        _compressed = compressed;
        _state = IsalInflateState.Rent();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        // A disposed stream's state serves another object now.
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            int read = Step(new ArraySegment<byte>(buffer, offset, count), out bool needsInput);
            if (!needsInput)
            {
                return read;
            }

            int kept = KeepUnconsumedInput();
            Refill(_compressed.Read(_state.Input, kept, _state.Input.Length - kept));
        }
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        // A span has no address without unsafe code: inflate into a pinned array and copy.
        byte[] pinned = PinnedOutput();
        int read = Read(pinned, 0, Math.Min(buffer.Length, pinned.Length));
        pinned.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The pipe reads into pooled arrays: inflate straight into them.
        bool direct = MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> target);
        byte[]? pinned = direct ? null : PinnedOutput();
        if (!direct)
        {
            target = new ArraySegment<byte>(pinned!, 0, Math.Min(buffer.Length, pinned!.Length));
        }

        while (true)
        {
            int read = Step(target, out bool needsInput);
            if (!needsInput)
            {
                pinned?.AsSpan(0, read).CopyTo(buffer.Span);
                return read;
            }

            int kept = KeepUnconsumedInput();
            Refill(await _compressed.ReadAsync(_state.Input.AsMemory(kept), cancellationToken).ConfigureAwait(false));
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // Once only: a state returned twice would be rented by two objects at once.
        if (disposing && !_disposed)
        {
            _disposed = true;
            _compressed.Dispose();
            _state.Return();
        }

        base.Dispose(disposing);
    }

    // Inflates into the target; needsInput when the state has consumed what it was given and the
    // object has more. Returns 0 without needing input only at the end of the text.
    private int Step(ArraySegment<byte> target, out bool needsInput)
    {
        needsInput = false;
        if (_ended || target.Count == 0)
        {
            return 0;
        }

        while (true)
        {
            if (!_header.IsComplete)
            {
                int available = _state.AvailableInput;
                if (available == 0)
                {
                    needsInput = !_inputEnded;
                    return needsInput ? 0 : throw Truncated();
                }

                _state.Consume(_header.Read(_state.Input.AsSpan(_state.InputOffset, available)));
                continue;
            }

            if (_state.MemberFinished)
            {
                if (!NextMemberStarts(out needsInput))
                {
                    return 0;
                }

                // The next member's header comes first.
                continue;
            }

            int availableBefore = _state.AvailableInput;
            GCHandle pin = GCHandle.Alloc(target.Array, GCHandleType.Pinned);
            int written;
            try
            {
                written = _state.Inflate(Marshal.UnsafeAddrOfPinnedArrayElement(target.Array!, target.Offset), target.Count);
            }
            finally
            {
                pin.Free();
            }

            if (written > 0)
            {
                return written;
            }

            if (_state.MemberFinished)
            {
                continue;
            }

            if (_state.AvailableInput == 0)
            {
                needsInput = !_inputEnded;
                return needsInput ? 0 : throw Truncated();
            }

            if (_state.AvailableInput == availableBefore)
            {
                throw new InvalidDataException("ISA-L inflate made no progress");
            }
        }
    }

    // After a member: true when another member follows (the state is then set to read it);
    // false at the end of the text, or with needsInput while too few bytes are here to tell. As
    // zlib does, bytes that do not start with the gzip magic end the text, while a lone first
    // magic byte at the very end is a member cut short.
    private bool NextMemberStarts(out bool needsInput)
    {
        needsInput = false;
        int available = _state.AvailableInput;
        if (available < 2 && !_inputEnded)
        {
            needsInput = true;
            return false;
        }

        int at = _state.InputOffset;
        if (available == 1 && _state.Input[at] == 0x1F)
        {
            throw Truncated();
        }

        if (available < 2 || _state.Input[at] != 0x1F || _state.Input[at + 1] != 0x8B)
        {
            _ended = true;
            return false;
        }

        _state.StartMember();
        _header.Reset();
        return true;
    }

    // Moves the input not consumed yet (a member's first byte, at most) to the buffer's start and
    // returns its length: the buffer's free tail follows it.
    private int KeepUnconsumedInput()
    {
        int available = _state.AvailableInput;
        if (available > 0)
        {
            Array.Copy(_state.Input, _state.InputOffset, _state.Input, 0, available);
        }

        _state.InputOffset = 0;
        return available;
    }

    private void Refill(int read)
    {
        if (read == 0)
        {
            _inputEnded = true;
        }

        _state.AvailableInput += read;
    }

    private static InvalidDataException Truncated() => new(CompleteGzipStream.TruncatedMessage);

    private byte[] PinnedOutput() =>
        _pinnedOutput ??= GC.AllocateUninitializedArray<byte>(FlowLogDecoder.BufferSize, pinned: true);
}
