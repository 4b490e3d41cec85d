using FlowAnalytics.Inventory;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// Where S3 and DynamoDB traffic paid for a path a free gateway endpoint would replace: bytes a
/// NAT gateway processed (charged per GB), bytes through an internet gateway, and S3 bytes through
/// an S3 interface endpoint from inside the VPC (charged per GB, where a gateway endpoint is free).
/// Prices are estimates from <see cref="ServicePathPrices"/>, per GiB processed.
/// </summary>
public static class ServicePathFindings
{
    /// <summary>The findings of an aggregation, largest cost first (then bytes).</summary>
    public static IReadOnlyList<ServicePathFinding> Find(WindowAggregator aggregator, ServicePathPrices prices)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(prices);
        EndpointInventory inventory = aggregator.Inventory;
        var sums = new Dictionary<(string? Vpc, string? Az, string? Region, int Service, ServicePath Path), long>();
        foreach ((ServicePathKey k, ServicePathMetrics m) in aggregator.ServicePaths)
        {
            bool gatewayService = k.Service == AwsServiceNames.S3 || k.Service == AwsServiceNames.DynamoDb;
            bool costly = k.Path is ServicePath.NatGateway or ServicePath.InternetGateway or ServicePath.InternetGatewayOrGatewayEndpoint
                || (k.Path == ServicePath.InterfaceEndpoint && k.Service == AwsServiceNames.S3);
            if (!gatewayService || !costly)
            {
                continue;
            }

            SubnetEntry? subnet = k.Subnet >= 0 ? inventory.Subnets[k.Subnet] : null;
            NetworkInterfaceEntry? eni = k.Interface >= 0 ? inventory.Interfaces[k.Interface] : null;
            var key = (subnet?.VpcId ?? eni?.VpcId, subnet?.AvailabilityZoneId, subnet?.Region ?? eni?.Region, k.Service, k.Path);
            sums[key] = sums.GetValueOrDefault(key) + m.Bytes;
        }

        var findings = new List<ServicePathFinding>(sums.Count);
        foreach (((string? vpc, string? az, string? region, int service, ServicePath path), long bytes) in sums)
        {
            double gib = bytes / (double)(1L << 30);
            double? cost = path switch
            {
                ServicePath.NatGateway => gib * prices.NatGatewayPerGibIn(region),
                ServicePath.InterfaceEndpoint => gib * prices.InterfaceEndpointPerGib,
                _ => null,
            };
            findings.Add(new ServicePathFinding(vpc, az, AwsServiceNames.Names[service], path, bytes, cost));
        }

        findings.Sort((a, b) =>
        {
            int c = (b.Cost ?? 0).CompareTo(a.Cost ?? 0);
            return c != 0 ? c : b.Bytes.CompareTo(a.Bytes);
        });
        return findings;
    }
}

/// <summary>One finding: S3 or DynamoDB bytes of one VPC and client AZ that went a costly way.</summary>
/// <param name="VpcId">The client's VPC.</param>
/// <param name="AzId">The client's AZ id, or null when its subnet is unknown.</param>
/// <param name="Service">S3 or DYNAMODB.</param>
/// <param name="Path">NAT gateway, internet gateway (or one of the two ambiguous), or an S3 interface endpoint.</param>
/// <param name="Bytes">Bytes over the run, both directions.</param>
/// <param name="Cost">Estimated processing cost in USD, or null where the path charges no processing.</param>
public sealed record ServicePathFinding(string? VpcId, string? AzId, string Service, ServicePath Path, long Bytes, double? Cost);

/// <summary>Per-GiB processing prices (USD) for the findings: estimates, configurable.</summary>
public sealed record ServicePathPrices
{
    /// <summary>NAT gateway data processing where no region price is given (us-east-1 list price, 2026: 0.045 USD per GB).</summary>
    public double NatGatewayPerGib { get; init; } = 0.045;

    /// <summary>NAT gateway data processing by region code (<c>eu-west-1</c>), over <see cref="NatGatewayPerGib"/>.</summary>
    public IReadOnlyDictionary<string, double> NatGatewayPerGibByRegion { get; init; } = new Dictionary<string, double>();

    /// <summary>The NAT processing price in <paramref name="region"/>.</summary>
    public double NatGatewayPerGibIn(string? region) =>
        region is not null && NatGatewayPerGibByRegion.TryGetValue(region, out double price) ? price : NatGatewayPerGib;

    /// <summary>
    /// Parses <c>--nat-price</c> values: <c>0.045</c> (every region) or <c>eu-west-1=0.048</c>.
    /// </summary>
    /// <exception cref="FormatException">A value is not a price or region=price.</exception>
    public ServicePathPrices WithNatPrices(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double everywhere = NatGatewayPerGib;
        var byRegion = new Dictionary<string, double>(NatGatewayPerGibByRegion, StringComparer.Ordinal);
        foreach (string value in values)
        {
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            string number = equals < 0 ? value : value[(equals + 1)..];
            if (!double.TryParse(number, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out double price)
                || (equals >= 0 && equals == 0))
            {
                throw new FormatException($"--nat-price takes USD per GB, as 0.045 or eu-west-1=0.048 (got '{value}').");
            }

            if (equals < 0)
            {
                everywhere = price;
            }
            else
            {
                byRegion[value[..equals]] = price;
            }
        }

        return this with { NatGatewayPerGib = everywhere, NatGatewayPerGibByRegion = byRegion };
    }

    /// <summary>Interface endpoint data processing, first PB tier (0.01 USD per GB).</summary>
    public double InterfaceEndpointPerGib { get; init; } = 0.01;
}
