using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace FlowAnalytics.Sources;

/// <summary>
/// An ISA-L <c>inflate_state</c> in native memory and the pinned buffer of compressed bytes it
/// reads from. Both are kept between objects: an object rents one, and returns it when its stream
/// is disposed, so a run allocates one per worker instead of ~190 KB per object.
/// </summary>
internal sealed class IsalInflateState : SafeHandle
{
    /// <summary>Compressed bytes read from the object at a time.</summary>
    public const int InputBytes = 64 * 1024;

    private static readonly ConcurrentBag<IsalInflateState> Idle = [];

    private IsalInflateState()
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(Marshal.AllocHGlobal(IsalLibrary.StateBytes));
        Input = GC.AllocateUninitializedArray<byte>(InputBytes, pinned: true);
        InputAddress = Marshal.UnsafeAddrOfPinnedArrayElement(Input, 0);
    }

    /// <summary>The compressed bytes; pinned, so the state may point into it between calls.</summary>
    public byte[] Input { get; }

    /// <summary>Address of <see cref="Input"/>'s first byte.</summary>
    public IntPtr InputAddress { get; }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The state's address, for the library's calls.</summary>
    public IntPtr State => handle;

    /// <summary>Input bytes the state has not consumed yet.</summary>
    public int AvailableInput
    {
        get => Marshal.ReadInt32(handle, IsalLibrary.AvailIn);
        set => Marshal.WriteInt32(handle, IsalLibrary.AvailIn, value);
    }

    /// <summary>Marks <paramref name="count"/> input bytes consumed outside the library (a member's header).</summary>
    public void Consume(int count)
    {
        InputOffset += count;
        AvailableInput -= count;
    }

    /// <summary>Offset in <see cref="Input"/> of the next byte the state will consume.</summary>
    public int InputOffset
    {
        get => (int)(Marshal.ReadIntPtr(handle, IsalLibrary.NextIn) - InputAddress);
        set => Marshal.WriteIntPtr(handle, IsalLibrary.NextIn, InputAddress + value);
    }

    /// <summary>True once the current gzip member's trailer has been read and checked.</summary>
    public bool MemberFinished => Marshal.ReadInt32(handle, IsalLibrary.BlockState) == IsalLibrary.BlockFinish;

    /// <summary>A state ready for an object's first member, with no input.</summary>
    public static IsalInflateState Rent()
    {
        IsalInflateState state = Idle.TryTake(out IsalInflateState? idle) ? idle : new IsalInflateState();
        IsalLibrary.InflateInit(state.handle);
        state.StartMember();
        state.InputOffset = 0;
        state.AvailableInput = 0;
        return state;
    }

    /// <summary>Keeps the state for the next object.</summary>
    public void Return() => Idle.Add(this);

    /// <summary>Makes the state inflate a new gzip member's data from where the input stands (its header read).</summary>
    public void StartMember()
    {
        // The reset keeps next_in and avail_in (and the crc flag, set again here for clarity).
        IsalLibrary.InflateReset(handle);
        Marshal.WriteInt32(handle, IsalLibrary.CrcFlag, IsalLibrary.GzipTrailerOnly);
    }

    /// <summary>
    /// Inflates into <paramref name="count"/> bytes at <paramref name="output"/> and returns how
    /// many it wrote; 0 when it needs more input or the member has ended.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is not valid gzip.</exception>
    public int Inflate(IntPtr output, int count)
    {
        Marshal.WriteIntPtr(handle, IsalLibrary.NextOut, output);
        Marshal.WriteInt32(handle, IsalLibrary.AvailOut, count);
        int code = IsalLibrary.Inflate(handle);
        if (code < 0)
        {
            throw new InvalidDataException(IsalLibrary.Describe(code));
        }

        return count - Marshal.ReadInt32(handle, IsalLibrary.AvailOut);
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Marshal.FreeHGlobal(handle);
        return true;
    }
}
