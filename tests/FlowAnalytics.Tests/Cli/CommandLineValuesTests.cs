using FlowAnalytics.Cli.Commands;

namespace FlowAnalytics.Tests.Cli;

public sealed class CommandLineValuesTests
{
    [Theory]
    [InlineData("300", 300)]
    [InlineData("1", 1)]
    [InlineData("90s", 90)]
    [InlineData("60S", 60)]
    [InlineData("5m", 300)]
    [InlineData("5M", 300)]
    [InlineData(" 5m ", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("90m", 5400)]
    public void ParseDuration_Valid_Seconds(string text, long seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CommandLineValues.ParseDuration(text));
    }

    [Theory]
    [InlineData("5x", "'5x' has an unknown unit 'x': use s, m, h or d.")]
    [InlineData("5w", "'5w' has an unknown unit 'w': use s, m, h or d.")]
    [InlineData("0", "'0' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("0s", "'0s' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("-5m", "'-5m' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("1.5m", "'1.5m' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("", "'' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("m", "'m' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("5 m", "'5 m' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("5mm", "'5mm' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("99999999999999999999", "'99999999999999999999' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).")]
    [InlineData("9223372036854775807", "'9223372036854775807' is too long for a duration.")]
    [InlineData("9223372036854775807m", "'9223372036854775807m' is too long for a duration.")]
    [InlineData("99999999999999d", "'99999999999999d' is too long for a duration.")]
    public void ParseDuration_Invalid_FormatExceptionWithMessage(string text, string message)
    {
        FormatException e = Assert.Throws<FormatException>(() => CommandLineValues.ParseDuration(text));

        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-01T00:00:00Z")]
    [InlineData("2026-11-01T06:00Z", "2026-11-01T06:00:00Z")]
    [InlineData("2026-11-01T06:00:30Z", "2026-11-01T06:00:30Z")]
    [InlineData("2026-11-01T06:00:30.5Z", "2026-11-01T06:00:30.5Z")]
    [InlineData("2026-11-01T06:00+02:00", "2026-11-01T04:00:00Z")]
    [InlineData("2026-11-01T01:00+02:00", "2026-10-31T23:00:00Z")]
    [InlineData("2026-11-01T06:00", "2026-11-01T06:00:00Z")]   // no zone: UTC, as the help says
    [InlineData("2026-11-01 06:00Z", "2026-11-01T06:00:00Z")]
    [InlineData("2024-02-29", "2024-02-29T00:00:00Z")]
    public void ParseInstant_Valid_Utc(string text, string expected)
    {
        DateTimeOffset instant = CommandLineValues.ParseInstant(text);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("2025-02-29")]
    [InlineData("2026-11-01T25:00Z")]
    [InlineData("1793491200")]
    [InlineData("06:00")]          // a time alone would silently mean "today", whenever the job runs
    [InlineData("06:00Z")]
    [InlineData("11/01/2026")]     // month/day or day/month: ambiguous, so refused
    [InlineData("Nov 1 2026")]
    [InlineData("2026-11")]
    public void ParseInstant_Invalid_FormatExceptionWithMessage(string text)
    {
        FormatException e = Assert.Throws<FormatException>(() => CommandLineValues.ParseInstant(text));

        Assert.Equal($"'{text}' is not a date (2026-11-01) or an ISO 8601 time (2026-11-01T06:00Z).", e.Message);
    }
}
