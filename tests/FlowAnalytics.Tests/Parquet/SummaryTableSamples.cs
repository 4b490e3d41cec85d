using FlowAnalytics.Aggregation;

namespace FlowAnalytics.Tests.Parquet;

/// <summary>Summary tables for the Parquet tests, with every column type and the awkward values.</summary>
internal static class SummaryTableSamples
{
    public const string UnicodeEndpoint = "ünïcødé ✓ 日本語 🚀";

    /// <summary>2024-03-10T23:55:00Z in µs since the epoch.</summary>
    public static readonly long March10Late = Micros(2024, 3, 10, 23, 55, 0);

    /// <summary>2024-03-11T12:34:56.789012Z in µs since the epoch.</summary>
    public static readonly long March11Noon = Micros(2024, 3, 11, 12, 34, 56) + 789_012;

    /// <summary>4 KiB of fixed-seed random bytes, standing in for a serialized sketch.</summary>
    public static readonly byte[] LargeBlob = RandomBytes(4096, seed: 7);

    /// <summary>
    /// Six rows of an endpoint_traffic-like table. window_start spans 1969-12-31 (−1 µs), 2024-03-10
    /// (rows 0 and 2), 2024-03-11 (rows 1 and 5) and null (row 3); every column has a null.
    /// </summary>
    public static SummaryTable EveryType(string name = "endpoint_traffic", long recordsOffset = 0)
    {
        const int rows = 6;
        SummaryColumn windowStart = SummaryColumn.Create("window_start", SummaryColumnType.Timestamp, rows);
        SummaryColumn firstStart = SummaryColumn.Create("first_start", SummaryColumnType.Timestamp, rows);
        SummaryColumn endpoint = SummaryColumn.Create("vpc_endpoint_id", SummaryColumnType.String, rows);
        SummaryColumn records = SummaryColumn.Create("records", SummaryColumnType.Int64, rows);
        SummaryColumn extremes = SummaryColumn.Create("bytes", SummaryColumnType.Int64, rows);
        SummaryColumn duration = SummaryColumn.Create("duration_p50_s", SummaryColumnType.Double, rows);
        SummaryColumn sketch = SummaryColumn.Create("duration_sketch", SummaryColumnType.Binary, rows);

        long?[] windowStarts = [March10Late, Micros(2024, 3, 11, 0, 0, 0), Micros(2024, 3, 10, 0, 0, 0), null, -1, March11Noon];
        windowStarts.CopyTo(windowStart.Int64Values!, 0);
        // The first and last microsecond a Parquet timestamp is written for (0001-01-01, 9999-12-31).
        long?[] firstStarts = [March10Late + 17, null, Micros(2024, 3, 10, 0, 0, 1), 0, -62_135_596_800_000_000, 253_402_300_799_999_999];
        firstStarts.CopyTo(firstStart.Int64Values!, 0);
        string?[] endpoints = ["vpce-0a1b2c3d4e5f60718", null, UnicodeEndpoint, "", "tab\tnew\nline \"quoted\"", "vpce-0a1b2c3d4e5f60718"];
        endpoints.CopyTo(endpoint.StringValues!, 0);
        long?[] recordCounts = [10, null, 3_000_000_000_000, -5, 0, 42];
        for (int i = 0; i < rows; i++)
        {
            records.Int64Values![i] = recordCounts[i] + recordsOffset;
        }

        long?[] extremeValues = [long.MaxValue, long.MinValue, null, 1, -1, 0];
        extremeValues.CopyTo(extremes.Int64Values!, 0);
        double?[] durations = [0.5, null, double.NaN, double.PositiveInfinity, -0.0, 1e-300];
        durations.CopyTo(duration.DoubleValues!, 0);
        byte[]?[] sketches = [[0x00, 0xFF, 0x10], null, [], LargeBlob, [0], [0xDE, 0xAD, 0xBE, 0xEF]];
        sketches.CopyTo(sketch.BinaryValues!, 0);

        return new SummaryTable(name, rows, [windowStart, firstStart, endpoint, records, extremes, duration, sketch]);
    }

    /// <summary>A table with the columns of <see cref="EveryType"/> and no rows.</summary>
    public static SummaryTable Empty(string name = "endpoint_traffic") => SelectRows(EveryType(name), []);

    /// <summary>The given rows of <paramref name="table"/>, in the given order.</summary>
    public static SummaryTable SelectRows(SummaryTable table, int[] rows)
    {
        var columns = new List<SummaryColumn>();
        foreach (SummaryColumn source in table.Columns)
        {
            SummaryColumn target = SummaryColumn.Create(source.Name, source.Type, rows.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                switch (source.Type)
                {
                    case SummaryColumnType.Timestamp or SummaryColumnType.Int64:
                        target.Int64Values![i] = source.Int64Values![rows[i]];
                        break;
                    case SummaryColumnType.Double:
                        target.DoubleValues![i] = source.DoubleValues![rows[i]];
                        break;
                    case SummaryColumnType.String:
                        target.StringValues![i] = source.StringValues![rows[i]];
                        break;
                    default:
                        target.BinaryValues![i] = source.BinaryValues![rows[i]];
                        break;
                }
            }

            columns.Add(target);
        }

        return new SummaryTable(table.Name, rows.Length, columns);
    }

    /// <summary>A table of <paramref name="rows"/> rows with one Int64 column holding 0, 1, 2, … (null every 7th row).</summary>
    public static SummaryTable Sequence(int rows, string name = "sequence")
    {
        SummaryColumn values = SummaryColumn.Create("value", SummaryColumnType.Int64, rows);
        for (int i = 0; i < rows; i++)
        {
            values.Int64Values![i] = i % 7 == 6 ? null : i;
        }

        return new SummaryTable(name, rows, [values]);
    }

    public static long Micros(int year, int month, int day, int hour, int minute, int second) =>
        (new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
