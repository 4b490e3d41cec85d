using System.Runtime.InteropServices;
using System.Text;
using FlowAnalytics.Attribution;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

// The per-record path: read the batch's columns once, attribute, fold into both maps.
public sealed partial class WindowAggregator
{
    private const ulong InterfaceBit = 1UL << (int)FlowField.InterfaceId;
    private const ulong StartBit = 1UL << (int)FlowField.Start;
    private const ulong EndBit = 1UL << (int)FlowField.End;
    private const ulong TcpFlagsBit = 1UL << (int)FlowField.TcpFlags;
    private const ulong SrcBit = 1UL << (int)FlowField.SrcAddr;
    private const ulong DstBit = 1UL << (int)FlowField.DstAddr;

    // An ENI key's slot is its interface index and direction; an endpoint key's, its endpoint ENI,
    // direction, observation point and client AZ. Sized for an object's few hundred keys; made on
    // the first batch, so the run's merged aggregator never holds them.
    private const int RecentEniSlots = 1024;
    private const int RecentEndpointSlots = 2048;

    // An object holds a few thousand distinct flows (ENI, addresses, window). Measured over 1M
    // generated records in 40 objects, read and aggregated: 2,048 and 4,096 slots did as well,
    // 8,192 worse (the table outgrew the cache). Made on the first batch, like the key tables.
    internal const int DefaultFlowSlots = 2048;

    // The flow direction sits above every field's presence bit in a flow's tag.
    private const int FlowDirectionShift = FlowFields.Count + 1;

    private RecentMetrics<EniTrafficKey>? _recentEnis;
    private RecentMetrics<EndpointTrafficKey>? _recentEndpoints;
    private RecentFlows? _recentFlows;

    /// <summary>Slots of the recent-flow table; tests make it tiny so that flows share slots.</summary>
    internal int FlowSlots { get; init; } = DefaultFlowSlots;

    /// <summary>
    /// The fields <see cref="Add"/> reads: what a reader feeding this aggregator must type. The
    /// rest of a line is only counted, which is most of a 29-field custom format.
    /// </summary>
    public static ulong RequiredFields { get; } = FlowLogReaderOptions.FieldSet(
        FlowField.AccountId, FlowField.InterfaceId, FlowField.SrcAddr, FlowField.DstAddr, FlowField.Packets,
        FlowField.Bytes, FlowField.Start, FlowField.End, FlowField.Action, FlowField.LogStatus, FlowField.TcpFlags,
        FlowField.FlowDirection, FlowField.VpcId, FlowField.Region, FlowField.AzId,
        FlowField.PktSrcAwsService, FlowField.PktDstAwsService, FlowField.TrafficPath, FlowField.PktSrcAddr, FlowField.PktDstAddr);

    /// <summary>
    /// Adds every record of <paramref name="batch"/>. <paramref name="arrival"/> is when the
    /// object arrived (Unix seconds) for delivery lag, or null when unknown.
    /// </summary>
    public void Add(FlowRecordBatch batch, long? arrival)
    {
        long arrivalTime = arrival ?? TrafficSample.NoTime;
        Records += batch.Count;
        if (batch.Layout.Kind == FlowLogKind.TransitGateway)
        {
            TransitGatewayRecords += batch.Count;
            return;
        }

        ReadOnlySpan<ulong> presence = batch.Presence;
        ReadOnlySpan<ResourceId> interfaces = batch.ResourceIds(FlowField.InterfaceId);
        ReadOnlySpan<FlowAddress> sources = batch.Addresses(FlowField.SrcAddr);
        ReadOnlySpan<FlowAddress> destinations = batch.Addresses(FlowField.DstAddr);
        ReadOnlySpan<long> packets = batch.Integers(FlowField.Packets);
        ReadOnlySpan<long> bytes = batch.Integers(FlowField.Bytes);
        ReadOnlySpan<long> starts = batch.Integers(FlowField.Start);
        ReadOnlySpan<long> ends = batch.Integers(FlowField.End);
        ReadOnlySpan<long> flags = batch.Integers(FlowField.TcpFlags);
        ReadOnlySpan<byte> actions = batch.Words(FlowField.Action);
        ReadOnlySpan<byte> statuses = batch.Words(FlowField.LogStatus);
        ReadOnlySpan<byte> directions = batch.Words(FlowField.FlowDirection);
        ReadOnlySpan<AccountId> accounts = batch.AccountIds;

        bool servicePaths = batch.Layout.Has(FlowField.PktSrcAwsService) || batch.Layout.Has(FlowField.PktDstAwsService);
        bool describesEnis = batch.Layout.Has(FlowField.VpcId) || batch.Layout.Has(FlowField.Region) || batch.Layout.Has(FlowField.AzId);

        // A record without a start cannot be shown to start in [MinStart, EndBefore): under a time
        // filter it is left out, so runs over adjacent --from/--to ranges never both count it.
        bool filtering = MinStart != long.MinValue || EndBefore != long.MaxValue;
        RecentFlows recentFlows = _recentFlows ??= new RecentFlows(FlowSlots);
        long lastWindow = long.MinValue;
        for (int i = 0; i < presence.Length; i++)
        {
            ulong has = presence[i];
            long start = (has & StartBit) != 0 ? starts[i] : TrafficSample.NoTime;
            if (start != TrafficSample.NoTime ? start < MinStart || start >= EndBefore : filtering)
            {
                FilteredRecords++;
                continue;
            }

            long end = (has & EndBit) != 0 ? ends[i] : TrafficSample.NoTime;
            long window = long.MinValue;
            if (start != TrafficSample.NoTime)
            {
                // An object spans a few windows: skip WindowOf's two divisions while in the last one.
                if (lastWindow == long.MinValue || start < lastWindow || start - lastWindow >= _windowSeconds)
                {
                    lastWindow = WindowOf(start);
                }

                window = lastWindow;
            }

            var flowDirection = (FlowDirection)directions[i];
            ulong tag = (has & (InterfaceBit | SrcBit | DstBit)) ^ ((ulong)flowDirection << FlowDirectionShift);
            ref RecentFlow flow = ref recentFlows.Find(tag, interfaces[i], sources[i], destinations[i], accounts[i], window, out bool found);
            if (!found)
            {
                Resolve(ref flow, has, interfaces[i], sources[i], destinations[i], flowDirection, accounts[i], window);
            }

            var sample = new TrafficSample(
                packets[i], bytes[i], (FlowAction)actions[i], (LogStatus)statuses[i], (has & TcpFlagsBit) != 0 ? (int)flags[i] : -1,
                start, end);

            // A flow's client is its first record's, added to the same rows' distinct sketches
            // then: adding it again changes neither an exact set nor a register, so repeats skip it.
            if (flow.Eni is { } eniMetrics)
            {
                eniMetrics.Add(sample, !found && flow.HasPeer, flow.PeerHash, arrivalTime);
                if (flow.InterfaceIndex < 0 && describesEnis)
                {
                    NoteUnknownEni(batch, i, interfaces[i]);
                }
            }

            if (flow.Endpoint is { } endpointMetrics)
            {
                EndpointRecords++;
                endpointMetrics.Add(sample, !found && flow.HasClient, flow.ClientHash, arrivalTime);
                if (servicePaths && flow.IsEndpointPath)
                {
                    // Looked up on the flow's first record in a layout with service fields, so a
                    // layout without them never adds service_paths rows.
                    if (!flow.EndpointPathKnown)
                    {
                        flow.EndpointPath = InterfaceEndpointPath(window, flow.EndpointInterface, flow.ClientSubnet, flow.ToEndpoint);
                        flow.EndpointPathKnown = true;
                    }

                    flow.EndpointPath?.Add(packets[i], bytes[i]);
                }
            }
        }

        if (servicePaths)
        {
            AddServicePaths(batch);
        }
    }

    // A flow not in the recent table: which ENI logged it, which way it went relative to that ENI,
    // whether it is an endpoint's and seen from where, and both rows' metrics.
    private void Resolve(
        ref RecentFlow flow, ulong has, ResourceId eni, FlowAddress source, FlowAddress destination,
        FlowDirection flowDirection, AccountId account, long window)
    {
        RecentMetrics<EniTrafficKey> recentEnis = _recentEnis ??= new RecentMetrics<EniTrafficKey>(RecentEniSlots);
        RecentMetrics<EndpointTrafficKey> recentEndpoints = _recentEndpoints ??= new RecentMetrics<EndpointTrafficKey>(RecentEndpointSlots);
        int interfaceIndex = -1;
        flow.Eni = null;
        flow.HasPeer = false;
        flow.PeerHash = 0;
        if ((has & InterfaceBit) != 0)
        {
            interfaceIndex = _inventory.TryFindInterface(eni, out int found) ? found : -1;
            byte eniDirection = EniDirection(interfaceIndex, has, source, destination, flowDirection);
            bool hasPeer = eniDirection == 1 ? (has & SrcBit) != 0 : eniDirection == 2 && (has & DstBit) != 0;
            var eniKey = new EniTrafficKey(window, eni, account, eniDirection);
            int eniSlot = ((interfaceIndex >= 0 ? interfaceIndex : (int)eni.Packed.Low) << 2) | eniDirection;
            flow.Eni = recentEnis.Get(_enis, eniKey, eniSlot, _spareMetrics);
            flow.HasPeer = hasPeer;
            flow.PeerHash = hasPeer ? DistinctSketch.Hash(eniDirection == 1 ? source : destination) : 0;
        }

        flow.InterfaceIndex = interfaceIndex;
        flow.Endpoint = null;
        flow.EndpointPath = null;
        flow.EndpointPathKnown = false;
        if (_attributor.TryAttribute(interfaceIndex, has, source, destination, flowDirection, out EndpointAttribution a))
        {
            int clientAz = a.ClientSubnet >= 0 ? _subnetAz[a.ClientSubnet] : -1;
            var endpointKey = new EndpointTrafficKey(window, a.EndpointInterface, clientAz, a.Direction, a.ObservedAt);
            int endpointSlot = (a.EndpointInterface << 5) | ((int)a.Direction + (3 * (int)a.ObservedAt) + (6 * (clientAz + 1)));
            flow.Endpoint = recentEndpoints.Get(_endpoints, endpointKey, endpointSlot, _spareMetrics);
            flow.HasClient = a.HasClient;
            flow.ClientHash = a.HasClient ? DistinctSketch.Hash(a.Client) : 0;
            flow.EndpointInterface = a.EndpointInterface;
            flow.ClientSubnet = a.ClientSubnet;
            flow.IsEndpointPath = a.ObservedAt == ObservedAt.EndpointEni && a.Direction != EndpointDirection.Unknown;
            flow.ToEndpoint = a.Direction == EndpointDirection.ToEndpoint;
        }
    }

    private byte EniDirection(int interfaceIndex, ulong has, FlowAddress source, FlowAddress destination, FlowDirection flowDirection)
    {
        if (flowDirection != 0)
        {
            return (byte)flowDirection;
        }

        if (interfaceIndex < 0)
        {
            return 0;
        }

        if ((has & DstBit) != 0 && _attributor.Owns(interfaceIndex, destination))
        {
            return (byte)FlowDirection.Ingress;
        }

        return (has & SrcBit) != 0 && _attributor.Owns(interfaceIndex, source) ? (byte)FlowDirection.Egress : (byte)0;
    }

    private void NoteUnknownEni(FlowRecordBatch batch, int row, ResourceId eni)
    {
        ref EniFacts? facts = ref CollectionsMarshal.GetValueRefOrAddDefault(_unknownEnis, eni, out _);
        facts ??= new EniFacts();
        if (facts.VpcId is not null && facts.Region is not null && facts.AzId is not null)
        {
            return;
        }

        FlowRecordView record = batch[row];
        if (facts.VpcId is null && record.ResourceId(FlowField.VpcId) is ResourceId vpc)
        {
            facts.VpcId = vpc.Format("vpc-");
        }

        if (facts.Region is null || facts.AzId is null)
        {
            ReadOnlySpan<FlowColumn> columns = batch.Layout.Columns;
            for (int c = 0; c < columns.Length; c++)
            {
                if (columns[c].Field == FlowField.Region && facts.Region is null && !record.TextAt(c).IsEmpty)
                {
                    facts.Region = Encoding.UTF8.GetString(record.TextAt(c));
                }
                else if (columns[c].Field == FlowField.AzId && facts.AzId is null && !record.TextAt(c).IsEmpty)
                {
                    facts.AzId = Encoding.UTF8.GetString(record.TextAt(c));
                }
            }
        }
    }
}
