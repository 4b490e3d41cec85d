using System.Globalization;

namespace FlowAnalytics.Sampling;

/// <summary>
/// Names flow-log objects the way S3 delivery does in its default layout (no prefix, not
/// Hive-compatible, not hourly): <c>AWSLogs/{account}/vpcflowlogs/{region}/yyyy/MM/dd/
/// {account}_vpcflowlogs_{region}_{fl-id}_{yyyyMMddTHHmmZ}_{hash}.log.gz</c>.
/// </summary>
public static class SampleObjectKey
{
    /// <summary>
    /// The key of an object delivered at <paramref name="timestamp"/> (UTC, whole minutes: the key
    /// has no seconds). The date folders come from the same timestamp, as AWS does it.
    /// <paramref name="hash"/> is the 8-hex-digit suffix AWS uses to keep keys unique.
    /// </summary>
    public static string Create(string accountId, string region, string flowLogId, DateTime timestamp, uint hash)
    {
        DateTime utc = timestamp.Kind == DateTimeKind.Local ? timestamp.ToUniversalTime() : timestamp;
        return string.Create(CultureInfo.InvariantCulture,
            $"AWSLogs/{accountId}/vpcflowlogs/{region}/{utc:yyyy}/{utc:MM}/{utc:dd}/{FileName(accountId, region, flowLogId, utc, hash)}");
    }

    /// <summary>The object's file name: the key's last segment.</summary>
    public static string FileName(string accountId, string region, string flowLogId, DateTime timestamp, uint hash) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{accountId}_vpcflowlogs_{region}_{flowLogId}_{timestamp:yyyyMMdd'T'HHmm'Z'}_{hash:x8}.log.gz");
}
