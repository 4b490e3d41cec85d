using System.Globalization;

namespace FlowAnalytics.Sampling;

/// <summary>What <see cref="SampleBucketGenerator.Generate"/> writes: where, how many records, which seed and format, over which time.</summary>
public sealed record SampleBucketOptions
{
    /// <summary>The most hours a sample may span (a leap year).</summary>
    public const int MaxHours = 366 * 24;

    /// <summary>The most records a sample may have (keeps the time arithmetic within 64 bits).</summary>
    public const long MaxRecords = 1_000_000_000_000;

    /// <summary>The default first minute of the data.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The directory that receives <c>inventory/</c> and <c>AWSLogs/</c> (created if missing; existing files are overwritten, others kept).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The exact number of records to write, over all objects.</summary>
    public long Records { get; init; } = 100_000;

    /// <summary>The seed: the same seed and options give byte-identical output.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The field layout of the records.</summary>
    public SampleRecordFormat Format { get; init; } = SampleRecordFormat.Default;

    /// <summary>The number of objects; null for one per 5 minutes of data (never more than one per record).</summary>
    public int? Files { get; init; }

    /// <summary>The start of the data, rounded down to the minute (object keys have no seconds).</summary>
    public DateTimeOffset Start { get; init; } = DefaultStart;

    /// <summary>How many hours of data the records are spread over.</summary>
    public int Hours { get; init; } = 1;

    /// <summary>How many objects are written at once; 0 for one per processor. Does not change the output.</summary>
    public int MaxParallelism { get; init; }

    /// <summary>The first minute of the data, in UTC.</summary>
    public DateTime StartMinute
    {
        get
        {
            DateTime utc = Start.UtcDateTime;
            return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
        }
    }

    /// <summary>The number of objects that will be written: <see cref="Files"/>, or the default.</summary>
    public int FileCount => Files ?? (int)Math.Min(Hours * 12L, Records);

    /// <summary>Why the options cannot be used, or null when they can.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            return "the output directory is empty.";
        }

        if (Records is < 1 or > MaxRecords)
        {
            return string.Create(CultureInfo.InvariantCulture, $"--records must be between 1 and {MaxRecords:N0} (got {Records}).");
        }

        if (Hours is < 1 or > MaxHours)
        {
            return string.Create(CultureInfo.InvariantCulture, $"--hours must be between 1 and {MaxHours} (got {Hours}).");
        }

        if (Start.UtcDateTime.Year < 2000 || Start.UtcDateTime.Year > 9000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"--start must lie between the years 2000 and 9000 (got {Start:O}).");
        }

        // Each object covers at least one minute (the aggregation window), and AWS writes no empty objects.
        long maxFiles = Math.Min(Hours * 60L, Records);
        if (Files is { } files && (files < 1 || files > maxFiles))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"--files must be between 1 and {maxFiles} (at most one object per minute of data and per record; got {files}).");
        }

        if (MaxParallelism < 0)
        {
            return "the parallelism must not be negative.";
        }

        return null;
    }
}
