using System.Globalization;
using FlowAnalytics.Records;

namespace FlowAnalytics.Sampling;

internal sealed partial class SampleScenario
{
    // Selects the scenario's random stream; file streams use their index, which never reaches this.
    private const ulong ScenarioStream = 0x5CE0_A210UL << 32;

    private static readonly (string Name, string Id)[] ZonePlan =
    [
        ("us-east-1a", "use1-az1"), ("us-east-1b", "use1-az2"), ("us-east-1c", "use1-az4"),
    ];

    // Client instances per AZ: the third AZ is smaller, so its traffic share differs visibly.
    private static readonly int[] ClientsPerZone = [4, 4, 3];

    /// <summary>
    /// The endpoints: most in all three AZs; STS deliberately in one AZ (every other AZ's clients
    /// cross AZs); KMS with an ENI in the third AZ that clients almost never resolve.
    /// Shares sum to 1; response factors reflect download-heavy (S3, ECR) versus small-answer APIs.
    /// </summary>
    private static readonly EndpointPlan[] EndpointPlans =
    [
        new("s3", 0.30, 12.0, ZoneMask: 0b111, IdleZone: -1),
        new("ecr.api", 0.18, 6.0, ZoneMask: 0b111, IdleZone: -1),
        new("sts", 0.12, 1.5, ZoneMask: 0b001, IdleZone: -1),
        new("secretsmanager", 0.15, 1.8, ZoneMask: 0b111, IdleZone: -1),
        new("kms", 0.25, 1.2, ZoneMask: 0b111, IdleZone: 2),
    ];

    /// <summary>Builds the scenario for <paramref name="seed"/>; the same seed always gives the same ids and addresses.</summary>
    public static SampleScenario Create(long seed)
    {
        var random = new SampleRandom(seed, ScenarioStream);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string NewId(string prefix)
        {
            while (true)
            {
                // Long AWS ids are 17 hex digits; the ones seen in the wild start with 0.
                string id = prefix + "0" + random.NextUInt64().ToString("x16", CultureInfo.InvariantCulture);
                if (ids.Add(id))
                {
                    return id;
                }
            }
        }

        string account = (random.Next(1, 10) * 100_000_000_000L + random.Next(0, 100_000) * 1_000_000L + random.Next(0, 1_000_000))
            .ToString(CultureInfo.InvariantCulture);
        ulong ipv6Prefix = 0x2600_1F18_0000_0000UL | ((ulong)random.Next(0x10000) << 16) | ((ulong)random.Next(0x100) << 8);
        var scenario = new SampleScenario(account, NewId("vpc-"), ipv6Prefix, NewId("fl-"), NewId("nat-"));

        foreach ((string name, string id) in ZonePlan)
        {
            scenario.Zones.Add(new SampleZone(name, id));
        }

        // 10.0.0.0/20, 10.0.16.0/20, 10.0.32.0/20 for endpoints; 10.0.64.0/20… for clients; a /24 for the NAT gateway.
        // IPv6 /64s take the last byte of the /56: 00–02 endpoints, 10–12 clients, f0 public.
        for (int z = 0; z < scenario.Zones.Count; z++)
        {
            scenario.Subnets.Add(new SampleSubnet(NewId("subnet-"), scenario.Zones[z], SampleSubnetRole.Endpoint,
                (10u << 24) | ((uint)(16 * z) << 8), 20, ipv6Prefix | (uint)z, NewId("subnet-cidr-assoc-")));
        }

        for (int z = 0; z < scenario.Zones.Count; z++)
        {
            scenario.Subnets.Add(new SampleSubnet(NewId("subnet-"), scenario.Zones[z], SampleSubnetRole.Client,
                (10u << 24) | ((uint)(64 + 16 * z) << 8), 20, ipv6Prefix | (uint)(0x10 + z), NewId("subnet-cidr-assoc-")));
        }

        var publicSubnet = new SampleSubnet(NewId("subnet-"), scenario.Zones[0], SampleSubnetRole.Public,
            (10u << 24) | (240u << 8), 24, ipv6Prefix | 0xF0, NewId("subnet-cidr-assoc-"));
        scenario.Subnets.Add(publicSubnet);

        string endpointGroup = NewId("sg-");
        foreach (EndpointPlan plan in EndpointPlans)
        {
            var endpoint = new SampleEndpoint(NewId("vpce-"), plan.Service, Region, DnsLabel(random), endpointGroup, plan.Share, plan.ResponseFactor);
            scenario.Endpoints.Add(endpoint);
            for (int z = 0; z < scenario.Zones.Count; z++)
            {
                if ((plan.ZoneMask & (1 << z)) != 0)
                {
                    SampleInterface eni = scenario.AddInterface(random, NewId("eni-"), SampleInterfaceKind.Endpoint,
                        scenario.Subnets[z], endpoint.Id, endpointGroup, NewId("ela-attach-"), isIdle: z == plan.IdleZone);
                    endpoint.Interfaces.Add(eni);
                }
            }
        }

        string clientGroup = NewId("sg-");
        for (int z = 0; z < scenario.Zones.Count; z++)
        {
            for (int c = 0; c < ClientsPerZone[z]; c++)
            {
                scenario.Clients.Add(scenario.AddInterface(random, NewId("eni-"), SampleInterfaceKind.Client,
                    scenario.Subnets[scenario.Zones.Count + z], NewId("i-"), clientGroup, NewId("eni-attach-"), isIdle: false));
            }
        }

        scenario.NatGateway = scenario.AddInterface(random, NewId("eni-"), SampleInterfaceKind.NatGateway,
            publicSubnet, scenario.NatGatewayId, "", NewId("ela-attach-"), isIdle: false);
        return scenario;
    }

    private SampleInterface AddInterface(
        SampleRandom random, string id, SampleInterfaceKind kind, SampleSubnet subnet, string owner, string securityGroupId, string attachmentId, bool isIdle)
    {
        uint ipv4 = subnet.AllocateIpv4(random);
        FlowAddress ipv6 = subnet.AllocateIpv6(random);
        // Locally administered unicast MAC (0x02 bit set, 0x01 clear), as EC2 assigns.
        string mac = string.Create(CultureInfo.InvariantCulture,
            $"0e:{random.Next(256):x2}:{random.Next(256):x2}:{random.Next(256):x2}:{random.Next(256):x2}:{random.Next(256):x2}");
        var eni = new SampleInterface(Interfaces.Count, id, kind, subnet, ipv4, ipv6, owner, mac, securityGroupId, attachmentId)
        {
            IsIdle = isIdle,
        };
        Interfaces.Add(eni);
        return eni;
    }

    private static string DnsLabel(SampleRandom random)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(8, random, static (chars, r) =>
        {
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }

    private readonly record struct EndpointPlan(string Service, double Share, double ResponseFactor, int ZoneMask, int IdleZone);
}
