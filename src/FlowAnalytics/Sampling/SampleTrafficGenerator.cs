using System.Text;
using FlowAnalytics.Records;

namespace FlowAnalytics.Sampling;

/// <summary>
/// The traffic model: turns a random stream into flow-log records about a <see cref="SampleScenario"/>.
/// Works in conversations (a client calling an endpoint, an instance reaching S3 through the NAT
/// gateway, instances talking to each other, a rejected probe, an idle ENI's NODATA) and logs each
/// at every ENI it crosses, so one conversation yields one to six records; <see cref="Next"/> hands
/// them out one at a time. One instance per output file and thread: it is not thread-safe.
/// </summary>
internal sealed partial class SampleTrafficGenerator
{
    private static readonly byte[] S3Service = "S3"u8.ToArray();
    private static readonly byte[] DynamoDbService = "DYNAMODB"u8.ToArray();

    private readonly SampleScenario _scenario;
    private readonly SampleRandom _random;

    // A conversation logged at both ends of both directions through a NAT gateway is six records.
    private readonly SampleRecord[] _pending = new SampleRecord[8];
    private int _next;
    private int _count;

    // Cumulative endpoint traffic shares, for picking an endpoint with one random number.
    private readonly double[] _endpointShares;

    // Addresses outside the VPC, formatted once per generator: S3 and DynamoDB public ranges of
    // us-east-1, and sources the endpoints' security groups reject (a peered VPC, on-premises).
    private readonly byte[][] _s3Addresses;
    private readonly byte[][] _dynamoDbAddresses;
    private readonly byte[][] _outsideIpv4;
    private readonly byte[][] _outsideIpv6;

    /// <summary>Creates a generator drawing from <paramref name="random"/>.</summary>
    public SampleTrafficGenerator(SampleScenario scenario, SampleRandom random)
    {
        _scenario = scenario;
        _random = random;
        _endpointShares = new double[scenario.Endpoints.Count];
        double total = 0;
        for (int i = 0; i < _endpointShares.Length; i++)
        {
            total += scenario.Endpoints[i].TrafficShare;
            _endpointShares[i] = total;
        }

        _s3Addresses = Ipv4Pool(48, [(52u << 24 | 216u << 16, 15), (54u << 24 | 231u << 16, 16), (3u << 24 | 5u << 16, 19)]);
        _dynamoDbAddresses = Ipv4Pool(16, [(3u << 24 | 218u << 16 | 180u << 8, 22), (52u << 24 | 94u << 16, 22)]);
        _outsideIpv4 = Ipv4Pool(64, [(10u << 24 | 1u << 16, 16), (192u << 24 | 168u << 16, 16), (172u << 24 | 16u << 16, 12)]);
        _outsideIpv6 = new byte[16][];
        ulong peerPrefix = scenario.VpcIpv6Prefix ^ 0x0000_0000_00FF_0000UL;
        for (int i = 0; i < _outsideIpv6.Length; i++)
        {
            var address = FlowAddress.FromIPv6(peerPrefix | (uint)_random.Next(4), _random.NextUInt64() | 1);
            _outsideIpv6[i] = Encoding.ASCII.GetBytes(address.ToString());
        }
    }

    /// <summary>
    /// The next record. When the previous conversation is used up, starts a new one in the
    /// 60-second aggregation window beginning at <paramref name="windowStart"/> (Unix seconds);
    /// every record of it has <c>windowStart ≤ start ≤ end &lt; windowStart + 60</c>.
    /// </summary>
    public ref readonly SampleRecord Next(long windowStart)
    {
        if (_next == _count)
        {
            _next = 0;
            _count = 0;
            AddConversation(windowStart);
        }

        return ref _pending[_next++];
    }

    private void AddConversation(long windowStart)
    {
        double roll = _random.NextDouble();
        if (roll < 0.66)
        {
            AddEndpointCall(windowStart);
        }
        else if (roll < 0.74)
        {
            AddNatGatewayCall(windowStart);
        }
        else if (roll < 0.84)
        {
            AddInstanceTraffic(windowStart);
        }
        else if (roll < 0.955)
        {
            AddRejection(windowStart);
        }
        else if (roll < 0.99)
        {
            AddNoData(windowStart);
        }
        else
        {
            AddSkipData(windowStart);
        }
    }

    /// <summary>Copies <paramref name="flow"/> (the packets as on the wire) into a record logged at <paramref name="eni"/>.</summary>
    private void Log(in SampleRecord flow, SampleInterface eni, FlowDirection direction, int trafficPath = -1)
    {
        ref SampleRecord record = ref _pending[_count++];
        record = flow;
        record.Interface = eni;
        record.Direction = direction;
        // AWS reports traffic-path only for egress traffic.
        record.TrafficPath = direction == FlowDirection.Egress ? trafficPath : -1;
    }

    private byte[][] Ipv4Pool(int size, (uint Network, int PrefixLength)[] ranges)
    {
        var pool = new byte[size][];
        for (int i = 0; i < pool.Length; i++)
        {
            (uint network, int prefixLength) = ranges[_random.Next(ranges.Length)];
            uint host = (uint)_random.Next(1, (1 << (32 - prefixLength)) - 1);
            pool[i] = Encoding.ASCII.GetBytes(FlowAddress.FromIPv4(network | host).ToString());
        }

        return pool;
    }

    private SampleEndpoint PickEndpoint()
    {
        double roll = _random.NextDouble() * _endpointShares[^1];
        for (int i = 0; i < _endpointShares.Length - 1; i++)
        {
            if (roll < _endpointShares[i])
            {
                return _scenario.Endpoints[i];
            }
        }

        return _scenario.Endpoints[^1];
    }

    /// <summary>
    /// Mostly the ENI in the client's own AZ (zonal DNS, or the SDK's first answer); otherwise
    /// another AZ's ENI, which is the cross-AZ traffic the analysis prices. Idle ENIs get a trickle.
    /// </summary>
    private SampleInterface PickEndpointInterface(SampleEndpoint endpoint, SampleZone clientZone)
    {
        List<SampleInterface> enis = endpoint.Interfaces;
        SampleInterface? local = endpoint.InterfaceIn(clientZone);
        if (local is not null && _random.Chance(local.IsIdle ? 0.01 : 0.86))
        {
            return local;
        }

        for (int attempt = 0; attempt < 16; attempt++)
        {
            SampleInterface candidate = enis[_random.Next(enis.Count)];
            if ((candidate != local || enis.Count == 1) && (!candidate.IsIdle || _random.Chance(0.002)))
            {
                return candidate;
            }
        }

        return local ?? enis[0];
    }

    private SampleInterface PickClient() => _scenario.Clients[_random.Next(_scenario.Clients.Count)];

    // Linux's default ephemeral port range.
    private int EphemeralPort() => _random.Next(32768, 61000);
}
