using System.Globalization;

namespace FlowAnalytics.Tests.S3;

/// <summary>Builds object keys in each <see cref="DeliveryLayout"/>, as AWS names them.</summary>
internal static class DeliveryLayoutKeys
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    /// <summary>The folder of an object delivered at <paramref name="time"/> (UTC), under <paramref name="userPrefix"/>.</summary>
    public static string Folder(DeliveryLayout layout, string userPrefix, DateTime time, string account = Account, string region = Region)
    {
        bool hourly = layout is DeliveryLayout.Hourly or DeliveryLayout.HiveHourly;
        return layout is DeliveryLayout.Hive or DeliveryLayout.HiveHourly
            ? string.Create(CultureInfo.InvariantCulture,
                $"{userPrefix}AWSLogs/aws-account-id={account}/aws-service=vpcflowlogs/aws-region={region}/year={time:yyyy}/month={time:MM}/day={time:dd}/{(hourly ? $"hour={time:HH}/" : "")}")
            : string.Create(CultureInfo.InvariantCulture,
                $"{userPrefix}AWSLogs/{account}/vpcflowlogs/{region}/{time:yyyy}/{time:MM}/{time:dd}/{(hourly ? $"{time:HH}/" : "")}");
    }

    /// <summary>The key of an object delivered at <paramref name="time"/>, named as AWS names it.</summary>
    public static string Key(DeliveryLayout layout, string userPrefix, DateTime time, uint hash = 0xabcdef01) =>
        Folder(layout, userPrefix, time) + string.Create(CultureInfo.InvariantCulture,
            $"{Account}_vpcflowlogs_{Region}_fl-0123456789abcdef0_{time:yyyyMMdd'T'HHmm'Z'}_{hash:x8}.log.gz");

    /// <summary>The key of another service's log in the same account (which a flow-log walk must not enter).</summary>
    public static string OtherServiceKey(DeliveryLayout layout, string userPrefix, DateTime time) =>
        layout is DeliveryLayout.Hive or DeliveryLayout.HiveHourly
            ? string.Create(CultureInfo.InvariantCulture,
                $"{userPrefix}AWSLogs/aws-account-id={Account}/aws-service=cloudtrail/aws-region={Region}/year={time:yyyy}/month={time:MM}/day={time:dd}/trail.json.gz")
            : string.Create(CultureInfo.InvariantCulture, $"{userPrefix}AWSLogs/{Account}/CloudTrail/{Region}/{time:yyyy}/{time:MM}/{time:dd}/trail.json.gz");
}
