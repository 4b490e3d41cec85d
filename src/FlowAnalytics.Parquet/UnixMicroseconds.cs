namespace FlowAnalytics.Parquet;

/// <summary>
/// Converts the engine's timestamps (<see cref="long"/> µs since the Unix epoch, UTC) to and from the
/// <see cref="DateTime"/> values Parquet.Net reads and writes, and to UTC calendar dates.
/// </summary>
internal static class UnixMicroseconds
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private const long MicrosecondsPerDay = TimeSpan.TicksPerDay / TicksPerMicrosecond;
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>The earliest timestamp a <see cref="DateTime"/> can hold (0001-01-01T00:00:00Z).</summary>
    internal static readonly long MinValue = -DateTime.UnixEpoch.Ticks / TicksPerMicrosecond;

    /// <summary>The latest timestamp a <see cref="DateTime"/> can hold (9999-12-31T23:59:59.999999Z).</summary>
    internal static readonly long MaxValue = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;

    /// <summary>The UTC instant <paramref name="microseconds"/> after the epoch, as a UTC <see cref="DateTime"/>.</summary>
    internal static DateTime ToDateTime(long microseconds, string columnName)
    {
        if (microseconds < MinValue || microseconds > MaxValue)
        {
            ThrowOutOfRange(microseconds, columnName);
        }

        return new DateTime(DateTime.UnixEpoch.Ticks + (microseconds * TicksPerMicrosecond), DateTimeKind.Utc);
    }

    /// <summary>
    /// Microseconds since the epoch of <paramref name="value"/>, read as UTC whatever its kind (files
    /// written as TIMESTAMP(isAdjustedToUTC) hold UTC instants). Sub-microsecond ticks are floored.
    /// </summary>
    internal static long FromDateTime(DateTime value) =>
        Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, TicksPerMicrosecond, out long remainder) - (remainder < 0 ? 1 : 0);

    /// <summary>The UTC calendar date that contains the instant <paramref name="microseconds"/>.</summary>
    internal static DateOnly ToUtcDate(long microseconds, string columnName)
    {
        if (microseconds < MinValue || microseconds > MaxValue)
        {
            ThrowOutOfRange(microseconds, columnName);
        }

        // Floor, not truncate: -1 µs is 1969-12-31, not 1970-01-01.
        long days = Math.DivRem(microseconds, MicrosecondsPerDay, out long remainder) - (remainder < 0 ? 1 : 0);
        return DateOnly.FromDayNumber(UnixEpochDayNumber + (int)days);
    }

    private static void ThrowOutOfRange(long microseconds, string columnName) =>
        throw new ArgumentOutOfRangeException(
            nameof(microseconds),
            microseconds,
            $"Timestamp column {columnName} holds {microseconds} µs since the epoch, outside years 0001–9999 that Parquet timestamps are written for.");
}
