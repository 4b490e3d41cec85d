using FlowAnalytics.Analysis.Cost;
using FlowAnalytics.Analysis.Placement;
using FlowAnalytics.Tests.Parquet;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Tests.Analysis;

/// <summary>Monthly cost arithmetic: hours for every endpoint AZ, bytes scaled to a month, tiers over the region's total, and the cost table as DuckDB reads it.</summary>
public sealed class CostEstimatorTests
{
    private const double GiB = 1L << 30;

    // Rows in windows 0 and 11: records from 00:00 to 00:56, so 56/60 h observed.
    private const double Hours = 56.0 / 60;

    [Fact]
    public void Estimate_BelowTheFirstTier_HoursForEveryAzAndBytesAtOneCentPerGb()
    {
        var traffic = new EndpointTrafficFrame()
            .Add("vpce-s3a", "use1-az1", "use1-az1", 3L << 30).Add("vpce-s3a", "use1-az2", "use1-az2", 1L << 30, window: 11);
        EndpointAz[] placement = [.. Azs("vpce-s3a", "use1-az1", "use1-az2", "use1-az3")];

        IReadOnlyList<EndpointAzCost> costs = CostEstimator.Estimate(traffic.ToFrame(), placement, new PriceBook());

        double scale = 730 / Hours;
        Assert.Equal(["use1-az1", "use1-az2", "use1-az3"], costs.Select(c => c.AzId));
        Assert.All(costs, c => Assert.Equal((0.01, 7.3), (c.EndpointHourUsd, Math.Round(c.HoursUsd, 9))));
        Assert.All(costs, c => Assert.Equal(Hours, c.ObservedHours, 9));
        Assert.Equal([3 * scale, 1 * scale, 0], costs.Select(c => c.MonthlyGb).ToArray(), new RoundedComparer(6));
        Assert.Equal([3 * scale * 0.01, scale * 0.01, 0], costs.Select(c => c.ProcessingUsd).ToArray(), new RoundedComparer(6));
        Assert.Equal((3L << 30, 7.3), (costs[0].ObservedBytes, Math.Round(costs[2].TotalUsd, 9)));
    }

    [Fact]
    public void Estimate_RegionAcrossATierBoundary_EachAzPaysTheBlendedRate()
    {
        // 2 PB a month in the region: 1 PB at 0.01 and 1 PB at 0.006 → 0.008 USD/GB for everyone, split 1:3.
        double monthlyBytes = 2.0 * (1 << 20) * GiB;
        long observed = (long)(monthlyBytes * Hours / 730);
        var traffic = new EndpointTrafficFrame()
            .Add("vpce-s3a", "use1-az1", "use1-az1", observed / 4).Add("vpce-s3b", "use1-az2", "use1-az2", observed - (observed / 4), window: 11);

        IReadOnlyList<EndpointAzCost> costs = CostEstimator.Estimate(traffic.ToFrame(), [.. Azs("vpce-s3a", "use1-az1"), .. Azs("vpce-s3b", "use1-az2")], new PriceBook());

        Assert.All(costs, c => Assert.Equal(0.008, c.ProcessingUsd / c.MonthlyGb, 9));
        Assert.Equal((1 << 20) * (0.01 + 0.006), costs.Sum(c => c.ProcessingUsd), 3);
        Assert.Equal(3.0, costs[1].ProcessingUsd / costs[0].ProcessingUsd, 6);
    }

    [Fact]
    public void Estimate_TwoRegions_TieredApartAndHourlyPricePerRegion()
    {
        // Each region has 0.6 PB a month: together over 1 PB, but each stays in the first tier.
        double monthlyBytes = 0.6 * (1 << 20) * GiB;
        long observed = (long)(monthlyBytes * Hours / 730);
        var traffic = new EndpointTrafficFrame().Add("vpce-s3a", "use1-az1", "use1-az1", observed).Add("vpce-s3b", "euw1-az1", "euw1-az1", observed, window: 11);
        EndpointAz[] placement = [EndpointTrafficFrame.Placed("vpce-s3a", "use1-az1"), EndpointTrafficFrame.Placed("vpce-s3b", "euw1-az1", "eu-west-1")];
        var prices = new PriceBook { EndpointHourUsdByRegion = new Dictionary<string, double> { ["eu-west-1"] = 0.011 } };

        IReadOnlyList<EndpointAzCost> costs = CostEstimator.Estimate(traffic.ToFrame(), placement, prices);

        Assert.All(costs, c => Assert.Equal(0.01, c.ProcessingUsd / c.MonthlyGb, 9));
        Assert.Equal([7.3, 8.03], costs.Select(c => Math.Round(c.HoursUsd, 9)));
    }

    [Fact]
    public async Task WriteAsync_CostTable_DuckDbReadsTypesAndValues()
    {
        var traffic = new EndpointTrafficFrame().Add("vpce-s3a", "use1-az1", "use1-az1", 3L << 30).Add("vpce-s3a", "use1-az2", "use1-az2", 1L << 30, window: 11);
        IReadOnlyList<EndpointAzCost> costs = CostEstimator.Estimate(traffic.ToFrame(), [.. Azs("vpce-s3a", "use1-az1", "use1-az2", "use1-az3")], new PriceBook());
        using var dir = new TempDirectory();

        string path = await CostTable.WriteAsync(costs, dir.Path);

        Assert.Equal(Path.Combine(dir.Path, "cost", "part-00000.parquet"), path);
        using var duck = new DuckDbQuery();
        string source = $"read_parquet({DuckDbQuery.Literal(path)})";
        Dictionary<string, string> types = duck.Describe(source);
        Assert.Equal(("VARCHAR", "BIGINT", "DOUBLE"), (types["vpc_endpoint_id"], types["observed_bytes"], types["total_usd_per_month"]));
        Assert.Equal(
            costs.Select(c => $"{c.AzId} {c.ObservedBytes} {Math.Round(c.TotalUsd, 6)}"),
            duck.Rows($"SELECT az_id, observed_bytes, round(total_usd_per_month, 6) FROM {source} ORDER BY az_id").Select(r => $"{r[0]} {r[1]} {r[2]}"));
        DataFrame frame = CostTable.ToFrame(costs);
        Assert.Equal((3L, 13), (frame.Rows.Count, frame.Columns.Count));
    }

    private static IEnumerable<EndpointAz> Azs(string endpoint, params string[] azs) => azs.Select(az => EndpointTrafficFrame.Placed(endpoint, az));

    private sealed class RoundedComparer(int digits) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Round(x, digits) == Math.Round(y, digits);

        public int GetHashCode(double obj) => Math.Round(obj, digits).GetHashCode();
    }
}
