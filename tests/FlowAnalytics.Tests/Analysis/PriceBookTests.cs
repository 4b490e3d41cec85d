using FlowAnalytics.Analysis.Cost;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.Analysis;

/// <summary>The price book: tiered processing charges at and across every boundary, and the file's validation.</summary>
public sealed class PriceBookTests
{
    private const double PbGb = 1 << 20;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0.01)]
    [InlineData(PbGb, PbGb * 0.01)]                                    // the first tier exactly
    [InlineData(PbGb + 1, (PbGb * 0.01) + 0.006)]                       // one GB into the second
    [InlineData(5 * PbGb, (PbGb * 0.01) + (4 * PbGb * 0.006))]          // the second tier's end
    [InlineData((5 * PbGb) + 1, (PbGb * 0.01) + (4 * PbGb * 0.006) + 0.004)]
    [InlineData(6 * PbGb, (PbGb * 0.01) + (4 * PbGb * 0.006) + (PbGb * 0.004))]
    public void ProcessingUsd_Defaults_TierByTier(double monthlyGb, double expected)
    {
        Assert.Equal(expected, new PriceBook().ProcessingUsd(monthlyGb), 6);
    }

    [Fact]
    public void Load_File_PricesRegionsAndTiers()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "prices.json");
        File.WriteAllText(path, """
            {
              // eu-west-1 list price
              "endpoint_hour_usd": 0.011,
              "endpoint_hour_usd_by_region": { "us-east-1": 0.01 },
              "processing_tiers": [ { "up_to_gb": 100, "usd_per_gb": 0.02 }, { "usd_per_gb": 0.001 } ],
              "hours_per_month": 720
            }
            """);

        PriceBook book = PriceBook.Load(path);

        Assert.Equal((0.011, 0.01, 720.0, path), (book.EndpointHourUsdIn("eu-west-1"), book.EndpointHourUsdIn("us-east-1"), book.HoursPerMonth, book.Source));
        Assert.Equal((100 * 0.02) + (50 * 0.001), book.ProcessingUsd(150), 9);
    }

    [Theory]
    [InlineData("[]", "expected a JSON object of prices")]
    [InlineData("{\"endpoint_hour\": 1}", "unknown key \"endpoint_hour\"")]
    [InlineData("{\"endpoint_hour_usd\": -1}", "endpoint_hour_usd must be a price in USD, a number ≥ 0; found -1")]
    [InlineData("{\"endpoint_hour_usd\": \"0.01\"}", "endpoint_hour_usd must be a price in USD")]
    [InlineData("{\"endpoint_hour_usd_by_region\": {\"eu-west-1\": null}}", "endpoint_hour_usd_by_region.eu-west-1 must be a price")]
    [InlineData("{\"processing_tiers\": []}", "processing_tiers must be a non-empty array")]
    [InlineData("{\"processing_tiers\": [{\"up_to_gb\": 10, \"usd_per_gb\": 0.01}]}", "the last processing tier must have no up_to_gb")]
    [InlineData("{\"processing_tiers\": [{\"up_to_gb\": 10, \"usd_per_gb\": 0.01}, {\"up_to_gb\": 5, \"usd_per_gb\": 0.01}, {\"usd_per_gb\": 0}]}", "processing_tiers[1].up_to_gb (5) must be above the previous tier's bound (10)")]
    [InlineData("{\"processing_tiers\": [{\"usd_per_gb\": 0.01}, {\"usd_per_gb\": 0.01}]}", "processing_tiers[1] follows an unbounded tier")]
    [InlineData("{\"processing_tiers\": [{\"up_to_gb\": 10}]}", "processing_tiers[0] must be an object with usd_per_gb")]
    [InlineData("{\"hours_per_month\": 0}", "hours_per_month must be a number > 0")]
    [InlineData("{\"endpoint_hour_usd\": ", "not JSON")]
    public void Load_BadFile_FormatExceptionNamingTheKey(string json, string expected)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "prices.json");
        File.WriteAllText(path, json);

        FormatException e = Assert.Throws<FormatException>(() => PriceBook.Load(path));

        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
