using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Parquet;

/// <summary>The rows of a summary table that fall on one UTC date (or have no date).</summary>
/// <param name="Date">The UTC date of the partition column, or null for rows where it is null.</param>
/// <param name="DirectoryName">The Hive partition folder: <c>date=YYYY-MM-DD</c> or <c>date=__HIVE_DEFAULT_PARTITION__</c>.</param>
/// <param name="Table">The partition's rows, in their original order, with every column (the partition column included).</param>
public sealed record SummaryTablePartition(DateOnly? Date, string DirectoryName, SummaryTable Table);
