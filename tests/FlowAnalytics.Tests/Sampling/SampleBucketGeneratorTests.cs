using System.Text.RegularExpressions;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Records;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Tests.Sampling;

public sealed class SampleBucketGeneratorTests
{
    private static readonly Regex KeyPattern = new(
        @"^AWSLogs/(?<account>\d{12})/vpcflowlogs/us-east-1/(?<y>\d{4})/(?<m>\d{2})/(?<d>\d{2})/" +
        @"\k<account>_vpcflowlogs_us-east-1_fl-[0-9a-f]{17}_(?<ts>\d{8}T\d{4}Z)_[0-9a-f]{8}\.log\.gz$",
        RegexOptions.CultureInvariant);

    [Fact]
    public void Generate_SameSeedTwice_WritesByteIdenticalFiles()
    {
        using var first = new SampleTempDirectory();
        using var second = new SampleTempDirectory();
        var options = new SampleBucketOptions { OutputDirectory = first.Path, Records = 5_000, Seed = 42, Format = SampleRecordFormat.V5, Hours = 2 };

        SampleBucketGenerator.Generate(options);
        SampleBucketGenerator.Generate(options with { OutputDirectory = second.Path, MaxParallelism = 1 });

        string[] files = RelativeFiles(first.Path);
        Assert.Equal(files, RelativeFiles(second.Path));
        Assert.Equal(24 + 3, files.Length);
        foreach (string file in files)
        {
            string a = Path.Combine(first.Path, file);
            string b = Path.Combine(second.Path, file);
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            Assert.Equal(File.GetLastWriteTimeUtc(a), File.GetLastWriteTimeUtc(b));
        }
    }

    [Fact]
    public void Generate_DifferentSeeds_WriteDifferentBuckets()
    {
        using var first = new SampleTempDirectory();
        using var second = new SampleTempDirectory();

        SampleBucketSummary a = SampleBucketGenerator.Generate(new SampleBucketOptions { OutputDirectory = first.Path, Records = 1_000, Seed = 1 });
        SampleBucketSummary b = SampleBucketGenerator.Generate(new SampleBucketOptions { OutputDirectory = second.Path, Records = 1_000, Seed = 2 });

        Assert.NotEqual(a.AccountId, b.AccountId);
        Assert.NotEqual(a.FlowLogId, b.FlowLogId);
        Assert.NotEqual(File.ReadAllBytes(a.InventoryFiles[0]), File.ReadAllBytes(b.InventoryFiles[0]));
        Assert.NotEqual(SampleTestFiles.ReadLines(a.Objects[0].Path)[1], SampleTestFiles.ReadLines(b.Objects[0].Path)[1]);
    }

    [Theory]
    [InlineData(SampleRecordFormat.Default, 12_345, 7)]
    [InlineData(SampleRecordFormat.V5, 12_345, null)]
    [InlineData(SampleRecordFormat.Default, 5, null)]
    public async Task Generate_AnyFormat_ReaderCountsExactRecordsWithoutErrors(SampleRecordFormat format, long records, int? files)
    {
        using var directory = new SampleTempDirectory();

        SampleBucketSummary summary = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = directory.Path, Records = records, Seed = 7, Format = format, Files = files,
        });

        Assert.Equal(files ?? (int)Math.Min(12, records), summary.Objects.Count);
        Assert.Equal(records, summary.Records);
        long read = 0;
        foreach (SampleObject sampleObject in summary.Objects)
        {
            FileInspection inspection = await FileInspector.InspectAsync(sampleObject.Path, LocalFileSource.Open(sampleObject.Path), FlowLayout.Default);
            Assert.Null(inspection.Failure);
            Assert.Equal(0, inspection.Errors.Total);
            Assert.Equal(FlowLogCompression.Gzip, inspection.Compression);
            Assert.Equal(1, inspection.HeaderLines);
            Assert.Equal(SampleRecordFormats.Fields(format).Length, Assert.Single(inspection.Layouts).Count);
            Assert.Equal(sampleObject.Records, inspection.Records);
            read += inspection.Records;
        }

        Assert.Equal(records, read);
    }

    [Fact]
    public void Generate_Objects_UseTheAwsKeyLayoutAndDeliveryTimes()
    {
        using var directory = new SampleTempDirectory();
        var start = new DateTimeOffset(2026, 11, 1, 23, 30, 0, TimeSpan.Zero);

        SampleBucketSummary summary = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = directory.Path, Records = 3_000, Seed = 5, Start = start, Hours = 1,
        });

        Assert.Equal(12, summary.Objects.Count);
        foreach (SampleObject sampleObject in summary.Objects)
        {
            Match match = KeyPattern.Match(sampleObject.Key);
            Assert.True(match.Success, sampleObject.Key);
            Assert.Equal(summary.AccountId, match.Groups["account"].Value);
            Assert.Equal(sampleObject.Timestamp.ToString("yyyyMMdd'T'HHmm'Z'", System.Globalization.CultureInfo.InvariantCulture), match.Groups["ts"].Value);
            Assert.Equal($"{match.Groups["y"]}{match.Groups["m"]}{match.Groups["d"]}", match.Groups["ts"].Value[..8]);
            Assert.Equal(Path.Combine(directory.Path, sampleObject.Key), sampleObject.Path);

            // Delivered one to five minutes after the key's time; no record ends after the key's time.
            TimeSpan lag = File.GetLastWriteTimeUtc(sampleObject.Path) - sampleObject.Timestamp;
            Assert.InRange(lag, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
            long keySeconds = new DateTimeOffset(sampleObject.Timestamp).ToUnixTimeSeconds();
            foreach (Dictionary<string, string> record in SampleTestFiles.ReadRecords([sampleObject.Path]))
            {
                long recordStart = long.Parse(record["start"], System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(recordStart, start.ToUnixTimeSeconds(), keySeconds);
                Assert.InRange(long.Parse(record["end"], System.Globalization.CultureInfo.InvariantCulture), recordStart, keySeconds);
            }
        }

        // The data crosses midnight: the date folders follow the key's timestamp.
        Assert.Contains(summary.Objects, o => o.Key.Contains("/2026/11/02/", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateFiles(directory.Path, "*.tmp", SearchOption.AllDirectories), _ => true);
    }

    [Fact]
    public void Generate_GzipHeader_HasNoTimestamp()
    {
        using var directory = new SampleTempDirectory();

        SampleBucketSummary summary = SampleBucketGenerator.Generate(new SampleBucketOptions { OutputDirectory = directory.Path, Records = 100 });

        byte[] bytes = File.ReadAllBytes(summary.Objects[0].Path);
        Assert.Equal([0x1F, 0x8B, 8], bytes[..3]);
        Assert.Equal([0, 0, 0, 0], bytes[4..8]);
    }

    [Theory]
    [InlineData(0L, 1, null, "--records")]
    [InlineData(10L, 0, null, "--hours")]
    [InlineData(10L, 1, 11, "--files")]
    [InlineData(1_000L, 1, 61, "--files")]
    [InlineData(10L, 1, 0, "--files")]
    public void Generate_BadOptions_ThrowsWithTheOptionName(long records, int hours, int? files, string option)
    {
        var options = new SampleBucketOptions { OutputDirectory = "unused", Records = records, Hours = hours, Files = files };

        ArgumentException error = Assert.Throws<ArgumentException>(() => SampleBucketGenerator.Generate(options));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists("unused"));
    }

    [Fact]
    public void WriteRecords_MoreRecords_AllocatesNoMore()
    {
        // Warm up at full size: tiering may still rejit (and allocate) during the first long run,
        // which says nothing about what records cost. Best of three guards against the same.
        SampleBucketGenerator.WriteRecords(Stream.Null, 200_000, seed: 3, SampleRecordFormat.V5);
        long difference = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long small = Allocated(() => SampleBucketGenerator.WriteRecords(Stream.Null, 10_000, seed: 3, SampleRecordFormat.V5));
            long large = Allocated(() => SampleBucketGenerator.WriteRecords(Stream.Null, 200_000, seed: 3, SampleRecordFormat.V5));
            difference = Math.Min(difference, Math.Abs(large - small));
        }

        // Only the scenario and the generator's address pools allocate; records stream through a fixed buffer.
        Assert.InRange(difference, 0, 4_096);
    }

    [Fact]
    public void WriteRecords_DefaultFormat_WritesHeaderAndFourteenFieldLines()
    {
        using var memory = new MemoryStream();

        long bytes = SampleBucketGenerator.WriteRecords(memory, 1_000, seed: 9);

        string[] lines = System.Text.Encoding.ASCII.GetString(memory.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(memory.Length, bytes);
        Assert.Equal(1_001, lines.Length);
        Assert.Equal(FlowLayout.Default.ToString(), lines[0]);
        Assert.All(lines[1..], line => Assert.Equal(14, line.Split(' ').Length));
    }

    private static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string[] RelativeFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
