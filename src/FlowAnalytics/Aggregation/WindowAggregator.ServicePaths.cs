using System.Runtime.InteropServices;
using FlowAnalytics.Inventory;
using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

// service_paths: how traffic between the VPC and AWS services went. One observation per leg:
// a NAT gateway's inside leg (client ↔ NAT, from the NAT's ENI), an instance's egress with its
// traffic-path, an instance's ingress (no path), an interface endpoint of S3 or DynamoDB.
public sealed partial class WindowAggregator
{
    private const ulong PktSrcBit = 1UL << (int)FlowField.PktSrcAddr;
    private const ulong PktDstBit = 1UL << (int)FlowField.PktDstAddr;
    private const ulong TrafficPathBit = 1UL << (int)FlowField.TrafficPath;

    private readonly Dictionary<ServicePathKey, ServicePathMetrics> _servicePaths = [];

    /// <summary>Rows of <c>service_paths</c>.</summary>
    public IReadOnlyDictionary<ServicePathKey, ServicePathMetrics> ServicePaths => _servicePaths;

    /// <summary>Records read from layouts with <c>pkt-src-aws-service</c> or <c>pkt-dst-aws-service</c>: without any, <c>service_paths</c> would be made up.</summary>
    public long ServiceFieldRecords { get; private set; }

    /// <summary>Which fields <c>service_paths</c> needs beyond the others (the notice names them).</summary>
    public static IReadOnlyList<FlowField> ServicePathFields { get; } =
        [FlowField.PktSrcAwsService, FlowField.PktDstAwsService, FlowField.TrafficPath, FlowField.PktSrcAddr, FlowField.PktDstAddr];

    private void AddServicePaths(FlowRecordBatch batch)
    {
        FlowLayout layout = batch.Layout;
        int srcServiceColumn = ColumnOf(layout, FlowField.PktSrcAwsService);
        int dstServiceColumn = ColumnOf(layout, FlowField.PktDstAwsService);
        if (srcServiceColumn < 0 && dstServiceColumn < 0)
        {
            return;
        }

        ServiceFieldRecords += batch.Count;
        ReadOnlySpan<ulong> presence = batch.Presence;
        ReadOnlySpan<ResourceId> interfaces = batch.ResourceIds(FlowField.InterfaceId);
        ReadOnlySpan<FlowAddress> sources = batch.Addresses(FlowField.SrcAddr);
        ReadOnlySpan<FlowAddress> destinations = batch.Addresses(FlowField.DstAddr);
        ReadOnlySpan<FlowAddress> pktSources = batch.Addresses(FlowField.PktSrcAddr);
        ReadOnlySpan<FlowAddress> pktDestinations = batch.Addresses(FlowField.PktDstAddr);
        ReadOnlySpan<long> packets = batch.Integers(FlowField.Packets);
        ReadOnlySpan<long> bytes = batch.Integers(FlowField.Bytes);
        ReadOnlySpan<long> starts = batch.Integers(FlowField.Start);
        ReadOnlySpan<long> paths = batch.Integers(FlowField.TrafficPath);
        ReadOnlySpan<byte> directions = batch.Words(FlowField.FlowDirection);
        bool filtering = MinStart != long.MinValue || EndBefore != long.MaxValue;
        for (int i = 0; i < presence.Length; i++)
        {
            ulong has = presence[i];
            long start = (has & StartBit) != 0 ? starts[i] : TrafficSample.NoTime;
            if ((start != TrafficSample.NoTime ? start < MinStart || start >= EndBefore : filtering) || (has & InterfaceBit) == 0
                || !_inventory.TryFindInterface(interfaces[i], out int eni))
            {
                continue;
            }

            NetworkInterfaceEntry entry = _inventory.Interfaces[eni];
            bool natGateway = _attributor.IsNatGateway(eni);
            if (entry.IsEndpointInterface && !natGateway)
            {
                // Interface endpoints are counted from the endpoint attribution (InterfaceEndpointPath);
                // most records are theirs, so this comes before the service fields are read.
                continue;
            }

            FlowRecordView record = batch[i];
            ReadOnlySpan<byte> dstService = dstServiceColumn >= 0 ? Service(record.TextAt(dstServiceColumn)) : default;
            ReadOnlySpan<byte> srcService = srcServiceColumn >= 0 ? Service(record.TextAt(srcServiceColumn)) : default;
            FlowAddress client;
            bool toService;
            ServicePath path;
            int service;
            if (natGateway)
            {
                // The NAT's ENI logs both legs of every flow; only the inside one (the original client
                // in pkt-srcaddr or pkt-dstaddr, not the NAT's own address) is counted, once per byte.
                FlowAddress pktSource = (has & PktSrcBit) != 0 ? pktSources[i] : sources[i];
                FlowAddress pktDestination = (has & PktDstBit) != 0 ? pktDestinations[i] : destinations[i];
                bool hasSource = (has & (PktSrcBit | SrcBit)) != 0;
                bool hasDestination = (has & (PktDstBit | DstBit)) != 0;
                if (!dstService.IsEmpty && hasSource && !_attributor.Owns(eni, pktSource))
                {
                    (client, toService, service) = (pktSource, true, AwsServiceNames.IndexOf(dstService));
                }
                else if (!srcService.IsEmpty && hasDestination && !_attributor.Owns(eni, pktDestination))
                {
                    (client, toService, service) = (pktDestination, false, AwsServiceNames.IndexOf(srcService));
                }
                else
                {
                    continue;
                }

                path = ServicePath.NatGateway;
            }
            else
            {
                byte direction = EniDirection(eni, has, sources[i], destinations[i], (FlowDirection)directions[i]);
                if (direction == (byte)FlowDirection.Egress && !dstService.IsEmpty && (has & SrcBit) != 0)
                {
                    // Without a traffic-path the egress may have gone through a NAT gateway that logs
                    // it too; with path 1 it did (or through an endpoint): that ENI reports it.
                    path = (has & TrafficPathBit) == 0 ? ServicePath.Unknown : PathOf(paths[i]);
                    if (path == ServicePath.Unknown)
                    {
                        continue;
                    }

                    (client, toService, service) = (sources[i], true, AwsServiceNames.IndexOf(dstService));
                }
                else if (direction == (byte)FlowDirection.Ingress && !srcService.IsEmpty && (has & DstBit) != 0)
                {
                    (client, toService, service, path) = (destinations[i], false, AwsServiceNames.IndexOf(srcService), ServicePath.Unknown);
                }
                else
                {
                    continue;
                }
            }

            int subnet = _inventory.TryFindSubnet(client, entry.VpcIndex, out int found) ? found : -1;
            var key = new ServicePathKey(
                start != TrafficSample.NoTime ? WindowOf(start) : long.MinValue, subnet, subnet < 0 ? eni : -1,
                service, path, toService);
            ref ServicePathMetrics? metrics = ref CollectionsMarshal.GetValueRefOrAddDefault(_servicePaths, key, out _);
            (metrics ??= new ServicePathMetrics()).Add(packets[i], bytes[i]);
        }
    }

    /// <summary>The row of records attributed to an interface endpoint of S3 or DynamoDB, at the endpoint's ENI; null for other endpoints.</summary>
    private ServicePathMetrics? InterfaceEndpointPath(long window, int endpointInterface, int clientSubnet, bool toEndpoint)
    {
        NetworkInterfaceEntry eni = _inventory.Interfaces[endpointInterface];
        string? name = eni.EndpointIndex >= 0 ? _inventory.Endpoints[eni.EndpointIndex].ServiceName : null;
        int service = name is null ? -1
            : name.EndsWith(".s3", StringComparison.Ordinal) ? AwsServiceNames.S3
            : name.EndsWith(".dynamodb", StringComparison.Ordinal) ? AwsServiceNames.DynamoDb
            : -1;
        if (service < 0)
        {
            return null;
        }

        var key = new ServicePathKey(window, clientSubnet, clientSubnet < 0 ? endpointInterface : -1, service, ServicePath.InterfaceEndpoint, toEndpoint);
        ref ServicePathMetrics? metrics = ref CollectionsMarshal.GetValueRefOrAddDefault(_servicePaths, key, out _);
        return metrics ??= new ServicePathMetrics();
    }

    // AWS's traffic-path codes for egress; 1 (another resource in the VPC) maps to Unknown here and
    // the caller leaves the record to that resource's ENI.
    private static ServicePath PathOf(long trafficPath) => trafficPath switch
    {
        2 => ServicePath.InternetGatewayOrGatewayEndpoint,
        7 => ServicePath.GatewayEndpoint,
        8 => ServicePath.InternetGateway,
        1 => ServicePath.Unknown,
        _ => ServicePath.Other,
    };

    private static ReadOnlySpan<byte> Service(ReadOnlySpan<byte> text) => text.SequenceEqual("-"u8) ? default : text;

    private static int ColumnOf(FlowLayout layout, FlowField field)
    {
        ReadOnlySpan<FlowColumn> columns = layout.Columns;
        for (int c = 0; c < columns.Length; c++)
        {
            if (columns[c].Field == field)
            {
                return c;
            }
        }

        return -1;
    }
}
