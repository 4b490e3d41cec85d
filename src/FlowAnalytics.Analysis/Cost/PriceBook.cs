using System.Text.Json;

namespace FlowAnalytics.Analysis.Cost;

/// <summary>
/// The prices cost estimates use: interface endpoint hours (per endpoint per AZ, optionally per
/// region) and data processed in tiers over a region's monthly total. The defaults are AWS's
/// published PrivateLink list prices for us-east-1 (0.01 USD per endpoint-AZ hour; 0.01 USD/GB for
/// the first PB, 0.006 for the next 4 PB, 0.004 beyond), GB = 2^30 bytes, 1 PB = 2^20 GB, and a month
/// of 730 hours, as AWS's calculator counts it. Check them against your region's price list.
/// </summary>
public sealed record PriceBook
{
    /// <summary>Bytes in a GB, as prices count them.</summary>
    public const double BytesPerGb = 1L << 30;

    /// <summary>USD per endpoint ENI (endpoint × AZ) hour where <see cref="EndpointHourUsdByRegion"/> names no price.</summary>
    public double EndpointHourUsd { get; init; } = 0.01;

    /// <summary>USD per endpoint ENI hour by region (<c>eu-west-1</c>).</summary>
    public IReadOnlyDictionary<string, double> EndpointHourUsdByRegion { get; init; } = new Dictionary<string, double>();

    /// <summary>Data-processing tiers, bounds ascending, the last unbounded.</summary>
    public IReadOnlyList<ProcessingTier> ProcessingTiers { get; init; } =
        [new(1 << 20, 0.01), new(5 << 20, 0.006), new(null, 0.004)];

    /// <summary>Hours in the month estimates scale to.</summary>
    public double HoursPerMonth { get; init; } = 730;

    /// <summary>Where the prices come from: a file path, or "built-in defaults".</summary>
    public string Source { get; init; } = "built-in defaults (AWS PrivateLink list prices, us-east-1)";

    /// <summary>The hourly price of one endpoint ENI in <paramref name="region"/>.</summary>
    public double EndpointHourUsdIn(string? region) =>
        region is not null && EndpointHourUsdByRegion.TryGetValue(region, out double price) ? price : EndpointHourUsd;

    /// <summary>The data-processing charge for <paramref name="monthlyGb"/> GB in one region and month, tier by tier.</summary>
    public double ProcessingUsd(double monthlyGb)
    {
        double usd = 0, lower = 0;
        foreach (ProcessingTier tier in ProcessingTiers)
        {
            double upper = tier.UpToGb ?? double.PositiveInfinity;
            if (monthlyGb <= lower)
            {
                break;
            }

            usd += (Math.Min(monthlyGb, upper) - lower) * tier.UsdPerGb;
            lower = upper;
        }

        return usd;
    }

    /// <summary>
    /// Reads a price book file: <c>{"endpoint_hour_usd": 0.01, "endpoint_hour_usd_by_region": {"eu-west-1": 0.011},
    /// "processing_tiers": [{"up_to_gb": 1048576, "usd_per_gb": 0.01}, …, {"usd_per_gb": 0.004}], "hours_per_month": 730}</c>.
    /// Every key is optional; absent ones keep the defaults.
    /// </summary>
    /// <exception cref="FormatException">The file is not such a document; the message names the key.</exception>
    public static PriceBook Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not JSON ({e.Message})", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{path}: expected a JSON object of prices.");
            }

            var book = new PriceBook { Source = path };
            foreach (JsonProperty property in root.EnumerateObject())
            {
                book = property.Name switch
                {
                    "endpoint_hour_usd" => book with { EndpointHourUsd = Price(path, property.Name, property.Value) },
                    "endpoint_hour_usd_by_region" => book with { EndpointHourUsdByRegion = RegionPrices(path, property.Value) },
                    "processing_tiers" => book with { ProcessingTiers = Tiers(path, property.Value) },
                    "hours_per_month" => book with { HoursPerMonth = Positive(path, property.Name, property.Value) },
                    _ => throw new FormatException(
                        $"{path}: unknown key \"{property.Name}\" (expected endpoint_hour_usd, endpoint_hour_usd_by_region, processing_tiers, hours_per_month)."),
                };
            }

            return book;
        }
    }

    private static Dictionary<string, double> RegionPrices(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: endpoint_hour_usd_by_region must be an object of region → USD per hour.");
        }

        var prices = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (JsonProperty region in value.EnumerateObject())
        {
            prices[region.Name] = Price(path, $"endpoint_hour_usd_by_region.{region.Name}", region.Value);
        }

        return prices;
    }

    private static List<ProcessingTier> Tiers(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw new FormatException($"{path}: processing_tiers must be a non-empty array of {{\"up_to_gb\", \"usd_per_gb\"}}.");
        }

        var tiers = new List<ProcessingTier>();
        double previous = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string at = $"processing_tiers[{tiers.Count}]";
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("usd_per_gb", out JsonElement usd))
            {
                throw new FormatException($"{path}: {at} must be an object with usd_per_gb (and up_to_gb, except the last).");
            }

            double? upTo = item.TryGetProperty("up_to_gb", out JsonElement bound) && bound.ValueKind != JsonValueKind.Null
                ? Positive(path, $"{at}.up_to_gb", bound)
                : null;
            if (tiers.Count > 0 && tiers[^1].UpToGb is null)
            {
                throw new FormatException($"{path}: {at} follows an unbounded tier; only the last tier may omit up_to_gb.");
            }

            if (upTo <= previous)
            {
                throw new FormatException($"{path}: {at}.up_to_gb ({upTo}) must be above the previous tier's bound ({previous}).");
            }

            tiers.Add(new ProcessingTier(upTo, Price(path, $"{at}.usd_per_gb", usd)));
            previous = upTo ?? previous;
        }

        return tiers[^1].UpToGb is null
            ? tiers
            : throw new FormatException($"{path}: the last processing tier must have no up_to_gb (it prices everything above).");
    }

    private static double Price(string path, string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and var price && double.IsFinite(price)
            ? price
            : throw new FormatException($"{path}: {key} must be a price in USD, a number ≥ 0; found {value.GetRawText()}.");

    private static double Positive(string path, string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() is > 0 and var number && double.IsFinite(number)
            ? number
            : throw new FormatException($"{path}: {key} must be a number > 0; found {value.GetRawText()}.");
}
