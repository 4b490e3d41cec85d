using System.Numerics;
using System.Runtime.CompilerServices;
using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// What recently seen flows resolved to, in a direct-mapped table keyed by everything the
/// resolution depends on: the logged ENI, both addresses, the account, the flow direction, which
/// of those are present, and the window. A flow log repeats its address pairs (a client opens
/// many connections to one endpoint in a window; in the generated buckets 87% of an object's
/// records repeat an earlier record's key), and a repeat skips the ENI lookup, the ownership
/// test, the endpoint attribution, the client subnet search, both rows' key lookups and both
/// address hashes: one hash of the key and one compare instead.
/// </summary>
internal sealed class RecentFlows
{
    private readonly RecentFlow[] _flows;
    private readonly int _shift;
    private readonly int _mask;

    /// <summary>Creates a table of <paramref name="slots"/> slots (rounded up to a power of two).</summary>
    public RecentFlows(int slots)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, slots));
        _flows = new RecentFlow[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        _mask = size - 1;
    }

    /// <summary>
    /// The slot of a flow: <paramref name="found"/> tells whether it holds this flow's resolution.
    /// When it does not, the slot now answers for this flow's key and the caller fills in its
    /// resolution (every value of it: the slot still holds the evicted flow's).
    /// <paramref name="tag"/> packs the presence of the interface and addresses with the flow direction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref RecentFlow Find(ulong tag, ResourceId eni, FlowAddress source, FlowAddress destination, AccountId account, long window, out bool found)
    {
        // Multiply-add of the parts that vary between flows; the top bits are the slot. IPv4
        // addresses differ in their low 32 bits, which the multiplications carry upwards.
        ulong hash = (source.Value.Low * 0x9E3779B97F4A7C15UL)
            + (destination.Value.Low * 0xC2B2AE3D27D4EB4FUL)
            + (eni.Packed.Low * 0x165667B19E3779F9UL)
            + ((source.Value.High ^ destination.Value.High) * 0xD6E8FEB86659FD93UL)
            + ((ulong)window * 0xFF51AFD7ED558CCDUL);
        // One slot shifts by 64, which C# takes as 0: the mask keeps that slot 0.
        ref RecentFlow flow = ref _flows[(int)(hash >> _shift) & _mask];
        found = ((flow.Tag ^ (tag | RecentFlow.UsedTag))
            | (flow.SourceLow ^ source.Value.Low) | (flow.DestinationLow ^ destination.Value.Low)
            | (flow.EniLow ^ eni.Packed.Low) | (flow.EniHigh ^ eni.Packed.High)
            | (flow.SourceHigh ^ source.Value.High) | (flow.DestinationHigh ^ destination.Value.High)
            | (flow.Account ^ account.Packed) | (ulong)(flow.Window ^ window)) == 0;
        if (!found)
        {
            flow.Tag = tag | RecentFlow.UsedTag;
            flow.SourceLow = source.Value.Low;
            flow.DestinationLow = destination.Value.Low;
            flow.EniLow = eni.Packed.Low;
            flow.EniHigh = eni.Packed.High;
            flow.SourceHigh = source.Value.High;
            flow.DestinationHigh = destination.Value.High;
            flow.Account = account.Packed;
            flow.Window = window;
        }

        return ref flow;
    }

    /// <summary>Forgets every flow (the metrics they resolved to are about to be reused).</summary>
    public void Clear() => Array.Clear(_flows);
}
