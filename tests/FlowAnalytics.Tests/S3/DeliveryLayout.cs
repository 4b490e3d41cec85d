namespace FlowAnalytics.Tests.S3;

/// <summary>The four key layouts S3 delivers flow logs in.</summary>
public enum DeliveryLayout
{
    Default,
    Hourly,
    Hive,
    HiveHourly,
}
