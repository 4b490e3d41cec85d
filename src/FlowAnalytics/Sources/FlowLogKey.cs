using System.Globalization;
using System.Text.RegularExpressions;

namespace FlowAnalytics.Sources;

/// <summary>
/// Reads the delivery time AWS writes into flow-log object names:
/// <c>{account}_vpcflowlogs_{region}_{fl-id}_{YYYYMMDDTHHmmZ}_{hash}.log.gz</c>.
/// </summary>
public static partial class FlowLogKey
{
    /// <summary>
    /// How far records in an object may lie from its key time. AWS delivers every few minutes, but
    /// a record's start can precede delivery by the aggregation interval plus publication delay.
    /// </summary>
    public static readonly TimeSpan Slack = TimeSpan.FromHours(1);

    /// <summary>The key's delivery time; false when the name does not follow AWS's pattern.</summary>
    public static bool TryParseTime(string key, out DateTimeOffset time)
    {
        Match match = TimePattern().Match(key);
        if (match.Success && DateTimeOffset.TryParseExact(
            match.Groups[1].Value, "yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            return true;
        }

        time = default;
        return false;
    }

    /// <summary>True when the key's time shows the object cannot hold records in [from, to).</summary>
    public static bool IsOutside(string key, DateTimeOffset? from, DateTimeOffset? to) =>
        TryParseTime(key, out DateTimeOffset time)
        && ((from is { } f && time < f - Slack) || (to is { } t && time > t + Slack));

    [GeneratedRegex(@"_vpcflowlogs_[a-z0-9-]+_fl-[0-9a-f]+_(\d{8}T\d{4}Z)_[0-9a-f]+\.log(\.gz|\.parquet)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
