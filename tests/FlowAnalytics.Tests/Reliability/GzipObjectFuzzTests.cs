using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Parquet;
using FlowAnalytics.Tests.Support;
using Xunit.Abstractions;

namespace FlowAnalytics.Tests.Reliability;

/// <summary>
/// Byte-level damage to the gzip objects of a generated bucket, plus an empty object and foreign
/// files in the tree, through the real job: it never throws, a damaged object is read fully or
/// failed with none of its records, and the tables equal a clean run over the objects that count.
/// </summary>
public sealed class GzipObjectFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private enum Damage
    {
        None,
        FlipAnywhere,
        FlipInDeflateData,
        FlipInTrailer,
        TruncateInTrailer,
        AppendGarbage,
        AppendZeros,
        Empty,
        // Cut at a random point. .NET's GZipStream ends quietly when its input does; the decoder's
        // end check (CompleteGzipStream) turns that into a failure. Kept out of the random set above
        // and tested on its own below.
        Truncate,
    }

    // Each inflater reads damaged objects; the clean run they are compared with inflates with zlib.
    [Theory]
    [InlineData(5, SampleRecordFormat.Default, GzipInflater.Isal)]
    [InlineData(6, SampleRecordFormat.V5, GzipInflater.Zlib)]
    public Task RunAsync_GzipCutShort_FailsAndCountsNone(int seed, SampleRecordFormat format, GzipInflater inflater) =>
        RunDamagedAsync(seed, format, inflater, (random, i) => i % 2 == 0 ? Damage.Truncate : Damage.None);

    [Theory]
    [InlineData(1, SampleRecordFormat.Default, GzipInflater.Isal)]
    [InlineData(2, SampleRecordFormat.V5, GzipInflater.Isal)]
    [InlineData(3, SampleRecordFormat.Default, GzipInflater.Zlib)]
    [InlineData(4, SampleRecordFormat.V5, GzipInflater.Zlib)]
    public Task RunAsync_DamagedGzipObjects_FailedOrReadFullyAndOthersExact(int seed, SampleRecordFormat format, GzipInflater inflater) =>
        RunDamagedAsync(seed, format, inflater, (random, i) =>
            // Every kind of damage once, then random ones (intact objects among them).
            i < (int)Damage.Truncate - 1 ? (Damage)(i + 1) : (Damage)random.Next(0, (int)Damage.Truncate));

    private async Task RunDamagedAsync(int seed, SampleRecordFormat format, GzipInflater inflater, Func<Random, int, Damage> pick)
    {
        if (inflater == GzipInflater.Isal)
        {
            await IsalInstall.EnsureAsync();
        }

        var random = new Random(seed);
        string generated = Path.Combine(_root.Path, "generated");
        SampleBucketSummary bucket = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = generated,
            Records = 24_000,
            Seed = seed,
            Format = format,
            Files = 16,
            Hours = 1,
        });
        EndpointInventory inventory = EndpointInventory.Load(bucket.InventoryFiles);

        string damagedRoot = Path.Combine(_root.Path, "damaged");
        var damage = new Dictionary<string, (Damage Kind, SampleObject Original)>();
        for (int i = 0; i < bucket.Objects.Count; i++)
        {
            SampleObject o = bucket.Objects[i];
            Damage kind = pick(random, i);
            string target = Path.Combine(damagedRoot, Path.GetRelativePath(generated, o.Path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, Apply(random, kind, File.ReadAllBytes(o.Path)));
            damage[target] = (kind, o);
        }

        // Foreign files in the tree: prose and binary junk that is neither gzip nor a flow log.
        string logs = Path.GetDirectoryName(damage.Keys.First())!;
        string prose = Path.Combine(logs, "README.txt");
        File.WriteAllText(prose, "This folder holds VPC flow logs.\nDo not edit.\n");
        string binary = Path.Combine(logs, "thumbnail.png");
        byte[] junk = new byte[5000];
        random.NextBytes(junk);
        File.WriteAllBytes(binary, [0x89, (byte)'P', (byte)'N', (byte)'G', .. junk]);

        RunResult result = await FlowLogJob.RunAsync(
            new LocalFileSource([damagedRoot]), inventory, new RunOptions { RunId = "t", Workers = 2, Inflater = inflater }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(damage.Count + 2, result.Objects.Count);
        var counted = new List<string>();
        var silentlyPartial = new List<string>();
        foreach (ObjectResult o in result.Objects)
        {
            if (!damage.TryGetValue(o.Object.Key, out var entry))
            {
                // The foreign files: read as text, no header and no line a record: one failed object each
                // ("not a flow log"), none of their lines counted as rejected lines of a flow log.
                Assert.StartsWith("not a flow log: no header and none of its ", o.Failure, StringComparison.Ordinal);
                Assert.Equal(0, o.Records);
                Assert.Equal(0, o.Errors.Total);
                Assert.True(o.Lines > 0);
                output.WriteLine($"{Path.GetFileName(o.Object.Key)}: lines {o.Lines}, {o.Failure}");
                continue;
            }

            (Damage kind, SampleObject original) = entry;
            output.WriteLine($"{kind}: {(o.Failure is null ? $"read, {o.Records}/{original.Records} records, {o.Errors.Total} rejected" : o.Failure)}");
            if (o.Failure is not null)
            {
                Assert.Equal(0, o.Records);
                Assert.Equal(0, o.Errors.Total);
                Assert.NotEqual(Damage.None, kind);
                continue;
            }

            // A changed CRC-32 or length in a present trailer is always caught.
            Assert.NotEqual(Damage.FlipInTrailer, kind);
            switch (kind)
            {
                case Damage.Empty:
                    Assert.Equal(0, o.Records);
                    Assert.Equal(0, o.Lines);
                    break;
                default:
                    // Read to its end without a failure: then it must have been read fully and exactly
                    // (the clean run below compares the content through the tables).
                    if (original.Records != o.Records || o.Errors.Total != 0)
                    {
                        silentlyPartial.Add($"{kind} ({o.Object.Size} of {original.CompressedBytes} bytes): {o.Records} of {original.Records} records counted, {o.Errors.Total} lines rejected, no failure");
                    }

                    counted.Add(original.Path);
                    break;
            }
        }

        Assert.True(silentlyPartial.Count == 0, "damaged objects partly counted:\n" + string.Join('\n', silentlyPartial));
        Assert.Equal(result.Objects.Count(o => o.Failure is not null), result.FailedObjects);
        Assert.Equal(result.Objects.Sum(o => o.Records), result.Records);

        // A clean run over only the objects that counted, undamaged copies.
        string cleanRoot = Path.Combine(_root.Path, "clean");
        foreach (string path in counted)
        {
            string target = Path.Combine(cleanRoot, Path.GetRelativePath(generated, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }

        RunResult clean = await FlowLogJob.RunAsync(
            new LocalFileSource([cleanRoot]), inventory, new RunOptions { RunId = "t", Workers = 2, Inflater = GzipInflater.Zlib });
        Assert.Equal(0, clean.FailedObjects);
        Assert.Equal(clean.Records, result.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(clean.Aggregation), TrafficTables.BuildEndpointTraffic(result.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(clean.Aggregation), TrafficTables.BuildEniTraffic(result.Aggregation));
    }

    /// <summary>
    /// A gzip of two members cut exactly after the first is itself a valid gzip: nothing can tell it
    /// was cut, so the first member's records count and there is no failure. (This documents a limit
    /// of the format, not a defect.)
    /// </summary>
    [Fact]
    public async Task RunAsync_TwoMemberGzipCutAtTheMemberBoundary_ReadsTheFirstMemberWithoutFailure()
    {
        string generated = Path.Combine(_root.Path, "generated");
        SampleBucketSummary bucket = SampleBucketGenerator.Generate(new SampleBucketOptions { OutputDirectory = generated, Records = 2_000, Files = 2, Seed = 9 });
        EndpointInventory inventory = EndpointInventory.Load(bucket.InventoryFiles);
        byte[] first = File.ReadAllBytes(bucket.Objects[0].Path);
        byte[] second = File.ReadAllBytes(bucket.Objects[1].Path);
        string whole = Path.Combine(_root.Path, "whole", "two-members.log.gz");
        string cut = Path.Combine(_root.Path, "cut", "two-members.log.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(whole)!);
        Directory.CreateDirectory(Path.GetDirectoryName(cut)!);
        File.WriteAllBytes(whole, [.. first, .. second]);
        File.WriteAllBytes(cut, first);

        RunResult wholeRun = await FlowLogJob.RunAsync(new LocalFileSource([whole]), inventory, new RunOptions { RunId = "t" });
        RunResult cutRun = await FlowLogJob.RunAsync(new LocalFileSource([cut]), inventory, new RunOptions { RunId = "t" });

        Assert.Null(wholeRun.Objects[0].Failure);
        Assert.Equal(bucket.Objects[0].Records + bucket.Objects[1].Records, wholeRun.Records);
        Assert.Null(cutRun.Objects[0].Failure);
        Assert.Equal(bucket.Objects[0].Records, cutRun.Records);
    }

    private static byte[] Apply(Random random, Damage kind, byte[] gzip)
    {
        switch (kind)
        {
            case Damage.None:
                return gzip;
            case Damage.FlipAnywhere:
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    gzip[random.Next(gzip.Length)] ^= (byte)random.Next(1, 256);
                }

                return gzip;
            case Damage.FlipInDeflateData:
                gzip[random.Next(10, gzip.Length - 8)] ^= (byte)random.Next(1, 256);
                return gzip;
            case Damage.FlipInTrailer:
                gzip[random.Next(gzip.Length - 8, gzip.Length)] ^= (byte)random.Next(1, 256);
                return gzip;
            case Damage.Truncate:
                // At least the two magic bytes, so the object is still recognised as gzip.
                return gzip[..random.Next(2, gzip.Length)];
            case Damage.TruncateInTrailer:
                return gzip[..(gzip.Length - random.Next(1, 9))];
            case Damage.AppendGarbage:
                byte[] garbage = new byte[random.Next(1, 200)];
                random.NextBytes(garbage);
                return [.. gzip, .. garbage];
            case Damage.AppendZeros:
                return [.. gzip, .. new byte[random.Next(1, 2000)]];
            default:
                return [];
        }
    }
}
