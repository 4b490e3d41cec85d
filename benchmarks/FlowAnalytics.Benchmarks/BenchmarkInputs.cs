using FlowAnalytics.Sampling;

namespace FlowAnalytics.Benchmarks;

/// <summary>Fixed-seed flow-log text, identical in the benchmark process and in the columns that describe it.</summary>
public static class BenchmarkInputs
{
    public const long Seed = 20261126;

    /// <summary>Records per reader benchmark invocation.</summary>
    public const int Records = 100_000;

    private static readonly Dictionary<(SampleRecordFormat, int), byte[]> Cache = [];

    /// <summary>The text of <paramref name="records"/> records of a format, with its header line.</summary>
    public static byte[] Text(SampleRecordFormat format, int records = Records)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((format, records), out byte[]? text))
            {
                using var buffer = new MemoryStream();
                SampleBucketGenerator.WriteRecords(buffer, records, Seed, format, includeHeader: true);
                text = buffer.ToArray();
                Cache[(format, records)] = text;
            }

            return text;
        }
    }
}
