using FlowAnalytics.Records;

namespace FlowAnalytics.Sampling;

// The conversations: who talks to whom, and at which ENIs each direction is logged.
internal sealed partial class SampleTrafficGenerator
{
    private const int Tcp = 6;
    private const int Udp = 17;
    private const int Icmp = 1;

    // traffic-path 1: through another resource in the VPC (an endpoint ENI, a NAT gateway, an instance).
    private const int PathInVpc = 1;

    private static readonly int[] InstancePorts = [8080, 5432, 6379, 9092];
    private static readonly int[] UdpPorts = [8125, 514, 4739];
    private static readonly int[] ProbePorts = [22, 80, 445, 3389, 8080];

    /// <summary>A client calls an interface endpoint over TCP 443: four records, both directions at both ENIs.</summary>
    private void AddEndpointCall(long windowStart)
    {
        SampleInterface client = PickClient();
        SampleEndpoint endpoint = PickEndpoint();
        SampleInterface eni = PickEndpointInterface(endpoint, client.Zone);
        bool ipv6 = _random.Chance(0.08);
        TcpPhase phase = PickPhase();
        (long start, long end) = Timing(windowStart, phase);
        SampleRecord request = Flow(client.Address(ipv6), eni.Address(ipv6), EphemeralPort(), 443, Tcp, ipv6, start, end);
        SampleRecord response = Reverse(request);
        (request.TcpFlags, response.TcpFlags) = Flags(phase);
        Size(ref request, ref response, endpoint.ResponseBytesPerRequestByte, phase);

        Log(request, client, FlowDirection.Egress, PathInVpc);
        Log(request, eni, FlowDirection.Ingress);
        Log(response, eni, FlowDirection.Egress, PathInVpc);
        Log(response, client, FlowDirection.Ingress);
    }

    /// <summary>
    /// An instance reaches S3 or DynamoDB through the NAT gateway (traffic a free gateway endpoint
    /// would carry). The instance's ENI sees the service's address; the NAT gateway's ENI logs the
    /// inside leg (with the original addresses in pkt-*) and the outside leg from its own address.
    /// </summary>
    private void AddNatGatewayCall(long windowStart)
    {
        SampleInterface client = PickClient();
        SampleInterface nat = _scenario.NatGateway;
        bool s3 = _random.Chance(0.7);
        byte[] service = s3 ? S3Service : DynamoDbService;
        byte[][] pool = s3 ? _s3Addresses : _dynamoDbAddresses;
        byte[] remote = pool[_random.Next(pool.Length)];
        TcpPhase phase = PickPhase();
        (long start, long end) = Timing(windowStart, phase);
        int clientPort = EphemeralPort();
        SampleRecord request = Flow(client.Ipv4Utf8, remote, clientPort, 443, Tcp, ipv6: false, start, end);
        request.PktDstService = service;
        SampleRecord response = Reverse(request);
        (request.TcpFlags, response.TcpFlags) = Flags(phase);
        Size(ref request, ref response, s3 ? 8.0 : 2.0, phase);
        // traffic-path 8 (internet gateway, Nitro) or 2 (internet gateway or gateway endpoint).
        int outsidePath = _random.Chance(0.7) ? 8 : 2;

        SampleRecord inside = request;
        inside.DstAddr = nat.Ipv4Utf8;
        SampleRecord outside = request;
        outside.SrcAddr = outside.PktSrcAddr = nat.Ipv4Utf8;
        outside.SrcPort = _random.Next(1024, 65536);
        SampleRecord outsideBack = Reverse(outside);
        outsideBack.TcpFlags = response.TcpFlags;
        outsideBack.Packets = response.Packets;
        outsideBack.Bytes = response.Bytes;
        SampleRecord insideBack = response;
        insideBack.SrcAddr = nat.Ipv4Utf8;

        Log(request, client, FlowDirection.Egress, PathInVpc);
        Log(inside, nat, FlowDirection.Ingress);
        Log(outside, nat, FlowDirection.Egress, outsidePath);
        Log(outsideBack, nat, FlowDirection.Ingress);
        Log(insideBack, nat, FlowDirection.Egress, PathInVpc);
        Log(response, client, FlowDirection.Ingress);
    }

    /// <summary>Instances talking to each other: TCP services, one-way or answered UDP, ICMP echo.</summary>
    private void AddInstanceTraffic(long windowStart)
    {
        List<SampleInterface> clients = _scenario.Clients;
        int fromIndex = _random.Next(clients.Count);
        SampleInterface from = clients[fromIndex];
        SampleInterface to = clients[(fromIndex + 1 + _random.Next(clients.Count - 1)) % clients.Count];

        double roll = _random.NextDouble();
        SampleRecord request;
        SampleRecord response;
        bool answered = true;
        if (roll < 0.6)
        {
            TcpPhase phase = PickPhase();
            (long start, long end) = Timing(windowStart, phase);
            request = Flow(from.Ipv4Utf8, to.Ipv4Utf8, EphemeralPort(), InstancePorts[_random.Next(InstancePorts.Length)], Tcp, false, start, end);
            response = Reverse(request);
            (request.TcpFlags, response.TcpFlags) = Flags(phase);
            Size(ref request, ref response, 3.0, phase);
        }
        else
        {
            bool udp = roll < 0.85;
            (long start, long end) = Timing(windowStart, TcpPhase.Complete);
            request = udp
                ? Flow(from.Ipv4Utf8, to.Ipv4Utf8, EphemeralPort(), UdpPorts[_random.Next(UdpPorts.Length)], Udp, false, start, end)
                // ICMP has no ports; AWS writes 0 for both.
                : Flow(from.Ipv4Utf8, to.Ipv4Utf8, 0, 0, Icmp, false, start, end);
            request.TcpFlags = 0;
            response = Reverse(request);
            answered = !udp || _random.Chance(0.3);
            long packets = udp ? (long)_random.Pareto(1, 1.1, 100_000) : _random.Next(1, 11);
            // An IPv4 ping is 84 bytes; UDP datagrams here are metrics and log lines.
            int packetSize = udp ? _random.Next(60, 1400) : 84;
            request.Packets = response.Packets = packets;
            request.Bytes = response.Bytes = packets * packetSize;
        }

        Log(request, from, FlowDirection.Egress, PathInVpc);
        Log(request, to, FlowDirection.Ingress);
        if (answered)
        {
            Log(response, to, FlowDirection.Egress, PathInVpc);
            Log(response, from, FlowDirection.Ingress);
        }
    }

    /// <summary>
    /// Traffic a security group rejects: SYNs from outside the known subnets (a peered VPC,
    /// on-premises, over IPv4 or IPv6) to an endpoint or an instance, or a client calling an
    /// endpoint on a port it does not serve (accepted leaving the client, rejected at the endpoint).
    /// </summary>
    private void AddRejection(long windowStart)
    {
        double roll = _random.NextDouble();
        SampleEndpoint endpoint = PickEndpoint();
        SampleInterface target = roll < 0.3 ? PickClient() : endpoint.Interfaces[_random.Next(endpoint.Interfaces.Count)];
        bool ipv6 = roll >= 0.3 && roll < 0.45;
        bool fromClient = roll >= 0.75;
        (long start, long end) = Timing(windowStart, TcpPhase.Reset);
        SampleInterface client = PickClient();
        byte[] source = fromClient ? client.Address(ipv6)
            : ipv6 ? _outsideIpv6[_random.Next(_outsideIpv6.Length)]
            : _outsideIpv4[_random.Next(_outsideIpv4.Length)];
        int port = fromClient || _random.Chance(0.3) ? ProbePorts[_random.Next(ProbePorts.Length)] : 443;
        SampleRecord probe = Flow(source, target.Address(ipv6), EphemeralPort(), port, Tcp, ipv6, start, end);
        // Retransmitted SYNs, nothing else: a rejected connection never gets further.
        probe.TcpFlags = 2;
        probe.Packets = _random.Next(1, 4);
        probe.Bytes = probe.Packets * (ipv6 ? 80 : 60);
        if (fromClient)
        {
            Log(probe, client, FlowDirection.Egress, PathInVpc);
        }

        probe.Action = FlowAction.Reject;
        Log(probe, target, FlowDirection.Ingress);
    }

    /// <summary>
    /// A window without traffic on an ENI: AWS writes NODATA with '-' for every traffic field.
    /// Idle endpoint ENIs are where it is most common.
    /// </summary>
    private void AddNoData(long windowStart)
    {
        SampleInterface eni;
        double roll = _random.NextDouble();
        if (roll < 0.8)
        {
            SampleEndpoint endpoint = _scenario.Endpoints[_random.Next(_scenario.Endpoints.Count)];
            eni = endpoint.Interfaces[_random.Next(endpoint.Interfaces.Count)];
            if (roll < 0.45)
            {
                eni = IdleInterface() ?? eni;
            }
        }
        else
        {
            eni = PickClient();
        }

        AddStatus(eni, LogStatus.NoData, windowStart);
    }

    /// <summary>A window whose records AWS dropped (capacity or an internal error): SKIPDATA, a gap, not zero traffic.</summary>
    private void AddSkipData(long windowStart) =>
        AddStatus(_scenario.Interfaces[_random.Next(_scenario.Interfaces.Count)], LogStatus.SkipData, windowStart);

    private void AddStatus(SampleInterface eni, LogStatus status, long windowStart)
    {
        var record = new SampleRecord
        {
            SrcPort = -1, DstPort = -1, Protocol = -1, TcpFlags = -1, Packets = -1, Bytes = -1,
            Start = windowStart,
            End = windowStart + 60 - _random.Next(0, 3),
            Status = status,
        };
        Log(record, eni, 0);
    }

    private SampleInterface? IdleInterface()
    {
        foreach (SampleEndpoint endpoint in _scenario.Endpoints)
        {
            foreach (SampleInterface eni in endpoint.Interfaces)
            {
                if (eni.IsIdle)
                {
                    return eni;
                }
            }
        }

        return null;
    }

    private static SampleRecord Flow(byte[] src, byte[] dst, int srcPort, int dstPort, int protocol, bool ipv6, long start, long end) => new()
    {
        SrcAddr = src, DstAddr = dst, PktSrcAddr = src, PktDstAddr = dst,
        SrcPort = srcPort, DstPort = dstPort, Protocol = protocol,
        Start = start, End = end,
        Action = FlowAction.Accept,
        Status = LogStatus.Ok,
        Type = ipv6 ? TrafficType.IPv6 : TrafficType.IPv4,
    };

    /// <summary>The answer direction: addresses, ports and AWS service names swapped.</summary>
    private static SampleRecord Reverse(in SampleRecord flow)
    {
        SampleRecord reverse = flow;
        (reverse.SrcAddr, reverse.DstAddr) = (flow.DstAddr, flow.SrcAddr);
        (reverse.PktSrcAddr, reverse.PktDstAddr) = (flow.PktDstAddr, flow.PktSrcAddr);
        (reverse.SrcPort, reverse.DstPort) = (flow.DstPort, flow.SrcPort);
        (reverse.PktSrcService, reverse.PktDstService) = (flow.PktDstService, flow.PktSrcService);
        return reverse;
    }
}
