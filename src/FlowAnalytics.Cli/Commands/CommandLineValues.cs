using System.CommandLine;
using System.Globalization;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Cli.Commands;

/// <summary>Parses the option values the commands share (durations, instants) with messages a user can act on.</summary>
internal static class CommandLineValues
{
    /// <summary>Parses <c>300</c>, <c>90s</c>, <c>5m</c>, <c>1h</c> or <c>1d</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        string trimmed = text.Trim();
        char unit = trimmed.Length > 0 && char.IsLetter(trimmed[^1]) ? char.ToLowerInvariant(trimmed[^1]) : 's';
        string number = char.IsLetter(trimmed.Length > 0 ? trimmed[^1] : '0') ? trimmed[..^1] : trimmed;
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value <= 0)
        {
            throw new FormatException($"'{text}' is not a duration: use a positive whole number with s, m, h or d (e.g. 5m).");
        }

        try
        {
            return unit switch
            {
                's' => TimeSpan.FromSeconds(value),
                'm' => TimeSpan.FromMinutes(value),
                'h' => TimeSpan.FromHours(value),
                'd' => TimeSpan.FromDays(value),
                _ => throw new FormatException($"'{text}' has an unknown unit '{unit}': use s, m, h or d."),
            };
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            // TimeSpan throws these past ~29,000 years; callers report FormatException as a usage error.
            throw new FormatException($"'{text}' is too long for a duration.", e);
        }
    }

    /// <summary>Parses a UTC date (<c>2026-11-01</c>) or an ISO 8601 instant (<c>2026-11-01T06:00Z</c>).</summary>
    public static DateTimeOffset ParseInstant(string text)
    {
        // The text must start with an ISO date: DateTimeOffset.TryParse alone also takes "06:00"
        // (today, whenever the job happens to run), "11/01/2026" (month first) and "2026-11".
        if (text.Length >= 10
            && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            if (text.Length == 10)
            {
                return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }

            if (text[10] is 'T' or 't' or ' '
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset instant))
            {
                return instant;
            }
        }

        throw new FormatException($"'{text}' is not a date (2026-11-01) or an ISO 8601 time (2026-11-01T06:00Z).");
    }

    /// <summary>The <c>--inflate</c> option of the commands that read gzip.</summary>
    public static Option<string> InflateOption()
    {
        var option = new Option<string>("--inflate")
        {
            Description = "Gzip inflate: 'isal' (Intel ISA-L, Debian's libisal2: about a quarter less CPU), 'zlib' (.NET's), or 'auto' (ISA-L when the machine has it).",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "isal", "zlib");
        return option;
    }

    /// <summary>
    /// The inflater an <c>--inflate</c> value names. <c>auto</c> stays unsettled here (the job settles
    /// it when it starts, after the library's probe has run beside the inventory load);
    /// <c>isal</c> is checked now.
    /// </summary>
    /// <exception cref="FormatException">ISA-L is asked for and this machine lacks it.</exception>
    public static GzipInflater ParseInflater(string text)
    {
        switch (text)
        {
            case "zlib":
                return GzipInflater.Zlib;
            case "isal":
                try
                {
                    return FlowLogDecoder.Resolve(GzipInflater.Isal);
                }
                catch (InvalidOperationException e)
                {
                    throw new FormatException($"--inflate isal: {e.Message}", e);
                }

            default:
                return GzipInflater.Auto;
        }
    }

    /// <summary>Finds the bundled samples: ./data-samples, else the nearest one above the program.</summary>
    public static string? FindDataSamples()
    {
        if (Directory.Exists("data-samples"))
        {
            return "data-samples";
        }

        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "data-samples");
            if (Directory.Exists(Path.Combine(candidate, "AWSLogs")))
            {
                return candidate;
            }
        }

        return null;
    }
}
