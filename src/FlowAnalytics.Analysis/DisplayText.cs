using System.Globalization;

namespace FlowAnalytics.Analysis;

/// <summary>How reports and the CLI print sizes, shares, prices and service names: one spelling everywhere, culture-invariant.</summary>
public static class DisplayText
{
    /// <summary>Binary units, one decimal: 44.6 MiB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 40 => Invariant($"{bytes / (double)(1L << 40):F1} TiB"),
        >= 1L << 30 => Invariant($"{bytes / (double)(1L << 30):F1} GiB"),
        >= 1L << 20 => Invariant($"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => Invariant($"{bytes / (double)(1L << 10):F1} KiB"),
        _ => Invariant($"{bytes} B"),
    };

    /// <summary>A share as a percentage, one decimal (65.9%); "-" when unknown.</summary>
    public static string Percent(double? share) => share is { } s ? Invariant($"{100 * s:F1}%") : "-";

    /// <summary>USD with cents, or four decimals below a dollar: 7.30, 0.0421.</summary>
    public static string Usd(double usd) => Math.Abs(usd) >= 1 ? Invariant($"{usd:F2}") : Invariant($"{usd:F4}");

    /// <summary>A count with thousands separators: 15,308.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The service's own part of an endpoint service name (com.amazonaws.us-east-1.ecr.api → ecr.api); "?" when unknown.</summary>
    public static string ShortService(string? service)
    {
        if (service is null)
        {
            return "?";
        }

        string[] parts = service.Split('.', 4);
        return parts.Length == 4 && parts[0] == "com" ? parts[3] : service;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
