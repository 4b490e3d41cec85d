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

    private RecentMetrics<EniTrafficKey>? _recentEnis;
    private RecentMetrics<EndpointTrafficKey>? _recentEndpoints;

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
        RecentMetrics<EniTrafficKey> recentEnis = _recentEnis ??= new RecentMetrics<EniTrafficKey>(RecentEniSlots);
        RecentMetrics<EndpointTrafficKey> recentEndpoints = _recentEndpoints ??= new RecentMetrics<EndpointTrafficKey>(RecentEndpointSlots);
        long lastWindow = long.MinValue;
        ResourceId lastEni = default;
        int lastIndex = -1;
        bool haveLast = false;
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

            int interfaceIndex = -1;
            if ((has & InterfaceBit) != 0)
            {
                // Consecutive records of one object are mostly from the same ENI.
                if (!haveLast || interfaces[i] != lastEni)
                {
                    lastEni = interfaces[i];
                    lastIndex = _inventory.TryFindInterface(lastEni, out int found) ? found : -1;
                    haveLast = true;
                }

                interfaceIndex = lastIndex;
                byte eniDirection = EniDirection(interfaceIndex, has, sources[i], destinations[i], flowDirection);
                bool hasPeer = eniDirection == 1 ? (has & SrcBit) != 0 : eniDirection == 2 && (has & DstBit) != 0;
                FlowAddress peer = eniDirection == 1 ? sources[i] : destinations[i];
                var eniSample = new TrafficSample(
                    packets[i], bytes[i], (FlowAction)actions[i], (LogStatus)statuses[i], (has & TcpFlagsBit) != 0 ? (int)flags[i] : -1,
                    start, end, hasPeer, peer);
                var eniKey = new EniTrafficKey(window, interfaces[i], accounts[i], eniDirection);
                int eniSlot = ((interfaceIndex >= 0 ? interfaceIndex : (int)interfaces[i].Packed.Low) << 2) | eniDirection;
                recentEnis.Get(_enis, eniKey, eniSlot).Add(eniSample, arrivalTime);
                if (interfaceIndex < 0 && describesEnis)
                {
                    NoteUnknownEni(batch, i, interfaces[i]);
                }
            }

            if (_attributor.TryAttribute(interfaceIndex, has, sources[i], destinations[i], flowDirection, out EndpointAttribution a))
            {
                EndpointRecords++;
                int clientAz = a.ClientSubnet >= 0 ? _subnetAz[a.ClientSubnet] : -1;
                var sample = new TrafficSample(
                    packets[i], bytes[i], (FlowAction)actions[i], (LogStatus)statuses[i], (has & TcpFlagsBit) != 0 ? (int)flags[i] : -1,
                    start, end, a.HasClient, a.Client);
                var endpointKey = new EndpointTrafficKey(window, a.EndpointInterface, clientAz, a.Direction, a.ObservedAt);
                int endpointSlot = (a.EndpointInterface << 5) | ((int)a.Direction + (3 * (int)a.ObservedAt) + (6 * (clientAz + 1)));
                recentEndpoints.Get(_endpoints, endpointKey, endpointSlot).Add(sample, arrivalTime);
                if (servicePaths && a.ObservedAt == ObservedAt.EndpointEni && a.Direction != EndpointDirection.Unknown)
                {
                    AddInterfaceEndpointPath(window, a.EndpointInterface, a.ClientSubnet, a.Direction == EndpointDirection.ToEndpoint, packets[i], bytes[i]);
                }
            }
        }

        if (servicePaths)
        {
            AddServicePaths(batch);
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
