using System.Globalization;

namespace FlowAnalytics.S3;

/// <summary>
/// A folder (a key prefix ending in <c>/</c>) read against the four delivery layouts: default
/// <c>AWSLogs/{account}/vpcflowlogs/{region}/yyyy/MM/dd/</c>, hourly <c>…/dd/HH/</c>, and the
/// Hive-compatible <c>AWSLogs/aws-account-id={account}/aws-service=vpcflowlogs/aws-region={region}/
/// year=yyyy/month=MM/day=dd/[hour=HH/]</c>, under any user prefix. Date folders know the UTC time
/// span of the keys below them: AWS names the folders after the time in the object's name.
/// </summary>
internal readonly record struct FlowLogFolder(
    string Prefix, FlowLogFolderLevel Level, bool Hive, string RegionPrefix, int DateParts, DateTime Start, DateTime End)
{
    private const string AwsLogs = "AWSLogs";
    private const string Service = "vpcflowlogs";
    private const string HiveService = "aws-service=vpcflowlogs";
    private static readonly string[] HiveDateKeys = ["year=", "month=", "day=", "hour="];

    /// <summary>Reads <paramref name="prefix"/> (the empty string or a prefix ending in <c>/</c>).</summary>
    public static FlowLogFolder Parse(string prefix)
    {
        string[] segments = prefix.Length == 0 ? [] : prefix[..^1].Split('/');
        int awsLogs = Array.LastIndexOf(segments, AwsLogs);
        if (awsLogs < 0)
        {
            return new(prefix, FlowLogFolderLevel.AboveAwsLogs, false, string.Empty, 0, default, default);
        }

        int service = Array.FindIndex(segments, awsLogs + 1, s => s is Service or HiveService);
        if (service < 0)
        {
            FlowLogFolderLevel level = segments.Length > awsLogs + 1 && IsAccount(segments[^1]) ? FlowLogFolderLevel.Account : FlowLogFolderLevel.AwsLogs;
            return new(prefix, level, false, string.Empty, 0, default, default);
        }

        bool hive = segments[service] == HiveService;
        if (segments.Length == service + 1)
        {
            return new(prefix, FlowLogFolderLevel.Service, hive, string.Empty, 0, default, default);
        }

        string regionPrefix = string.Join('/', segments, 0, service + 2) + "/";
        int[] parts = new int[segments.Length - service - 2];
        for (int i = 0; i < parts.Length; i++)
        {
            if (i >= 4 || !TryParseDatePart(segments[service + 2 + i], i, hive, out parts[i]))
            {
                return new(prefix, FlowLogFolderLevel.Unknown, hive, regionPrefix, 0, default, default);
            }
        }

        if (!TrySpan(parts, out DateTime start, out DateTime end))
        {
            return new(prefix, FlowLogFolderLevel.Unknown, hive, regionPrefix, 0, default, default);
        }

        return new(prefix, FlowLogFolderLevel.Date, hive, regionPrefix, parts.Length, start, end);
    }

    /// <summary>True for a folder named like an account (<c>123456789012</c>, <c>aws-account-id=…</c>) or an organization (<c>o-…</c>).</summary>
    public static bool IsAccountOrOrganization(string segment) => IsAccount(segment) || segment.StartsWith("o-", StringComparison.Ordinal);

    /// <summary>True for the flow-log service folder of either style.</summary>
    public static bool IsService(string segment) => segment is Service or HiveService;

    /// <summary>The day folder of <paramref name="day"/> under the region folder <paramref name="regionPrefix"/>.</summary>
    public static string DayPrefix(string regionPrefix, bool hive, DateOnly day) => hive
        ? string.Create(CultureInfo.InvariantCulture, $"{regionPrefix}year={day.Year:D4}/month={day.Month:D2}/day={day.Day:D2}/")
        : string.Create(CultureInfo.InvariantCulture, $"{regionPrefix}{day.Year:D4}/{day.Month:D2}/{day.Day:D2}/");

    /// <summary>The last segment of a folder prefix (<c>a/b/</c> → <c>b</c>).</summary>
    public static string LastSegment(string folderPrefix)
    {
        string trimmed = folderPrefix.EndsWith('/') ? folderPrefix[..^1] : folderPrefix;
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    private static bool IsAccount(string segment)
    {
        string id = segment.StartsWith("aws-account-id=", StringComparison.Ordinal) ? segment["aws-account-id=".Length..] : segment;
        return id.Length == 12 && id.All(char.IsAsciiDigit);
    }

    private static bool TryParseDatePart(string segment, int index, bool hive, out int value)
    {
        ReadOnlySpan<char> digits = segment;
        if (hive)
        {
            if (!segment.StartsWith(HiveDateKeys[index], StringComparison.Ordinal))
            {
                value = 0;
                return false;
            }

            digits = digits[HiveDateKeys[index].Length..];
        }

        // Exactly the zero-padded widths AWS writes, so a folder is read back as the name it was built from.
        int width = index == 0 ? 4 : 2;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) && digits.Length == width;
    }

    private static bool TrySpan(int[] parts, out DateTime start, out DateTime end)
    {
        start = end = default;
        if (parts.Length == 0)
        {
            // The region folder itself: every time.
            (start, end) = (DateTime.MinValue, DateTime.MaxValue);
            return true;
        }

        int year = parts[0];
        int month = parts.Length > 1 ? parts[1] : 1;
        int day = parts.Length > 2 ? parts[2] : 1;
        int hour = parts.Length > 3 ? parts[3] : 0;
        if (year is < 1 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23)
        {
            return false;
        }

        start = new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Utc);
        end = parts.Length switch
        {
            1 => start.AddYears(1),
            2 => start.AddMonths(1),
            3 => start.AddDays(1),
            _ => start.AddHours(1),
        };
        return true;
    }
}
