namespace FlowAnalytics.Aggregation;

/// <summary>The physical type of a summary column, as the Parquet sink writes it.</summary>
public enum SummaryColumnType : byte
{
    /// <summary>UTC instant, microsecond precision (Parquet TIMESTAMP(isAdjustedToUTC, MICROS)); values are <see cref="long"/> µs since the Unix epoch.</summary>
    Timestamp,
    /// <summary>64-bit signed integer (counts, sums).</summary>
    Int64,
    /// <summary>64-bit float (quantiles in seconds, shares).</summary>
    Double,
    /// <summary>UTF-8 string (ids, names).</summary>
    String,
    /// <summary>Opaque bytes (serialized sketches).</summary>
    Binary,
}
