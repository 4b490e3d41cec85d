using System.Globalization;

namespace FlowAnalytics.Cli.Commands;

/// <summary><c>--max-errors</c>: a count of rejected lines, or a share of all lines.</summary>
internal readonly record struct ErrorLimit(long? Count, double? Share)
{
    public static ErrorLimit Parse(string? text)
    {
        if (text is null)
        {
            return default;
        }

        string t = text.Trim();
        if (t.EndsWith('%') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) && percent >= 0)
        {
            return new ErrorLimit(null, percent / 100);
        }

        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
        {
            return new ErrorLimit(count, null);
        }

        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double share) && share is >= 0 and < 1)
        {
            return new ErrorLimit(null, share);
        }

        throw new FormatException($"--max-errors '{text}' is neither a count (100), a fraction (0.005) nor a percentage (0.5%).");
    }

    public bool IsExceeded(long rejected, long lines) =>
        (Count is long c && rejected > c) || (Share is double s && lines > 0 && (double)rejected / lines > s);
}
