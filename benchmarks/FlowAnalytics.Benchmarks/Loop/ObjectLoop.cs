using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.IO.Pipelines;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Attribution;
using FlowAnalytics.Benchmarks.EndToEnd;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Benchmarks.Loop;

/// <summary>
/// The job's per-object work on one core, in memory, pass after pass (time and bytes allocated
/// per record): every object of a bucket (decompressed once, before timing) read into one reused
/// batch and, with <c>--stage aggregate</c>, counted in a staging aggregator, reused from object
/// to object, that is then absorbed into the pass's root, as <c>run</c> does. Prints ns/record per pass and the minimum. The VM this project runs on
/// has slow phases that last a process's life, so comparing two builds takes alternating runs
/// and minimums: <c>benchmarks/run-ab.sh</c> does that.
/// <c>loop BUCKET [--passes N] [--stage read|aggregate] [--fields job|all]</c>
/// </summary>
public static class ObjectLoop
{
    public const string Command = "loop";

    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Directory.Exists(Path.Combine(args[0], "AWSLogs")))
        {
            Console.Error.WriteLine("usage: loop BUCKET [--passes N] [--stage read|aggregate] [--fields job|all] (BUCKET as `flowanalytics sample --out` writes it)");
            return 1;
        }

        string bucket = args[0];
        int passes = int.Parse(EndToEndHarness.OptionText(args, "--passes", "8"), CultureInfo.InvariantCulture);
        bool aggregate = EndToEndHarness.OptionText(args, "--stage", "aggregate") == "aggregate";
        ulong fields = EndToEndHarness.OptionText(args, "--fields", "job") == "all" ? FlowLogReaderOptions.AllFields : WindowAggregator.RequiredFields;

        var attributor = new EndpointAttributor(EndToEndContender.Inventory(bucket));
        List<byte[]> texts = Decompress(bucket);
        var batch = new FlowRecordBatch();
        double best = double.MaxValue;
        for (int pass = 0; pass < passes; pass++)
        {
            // Each pass starts from the same heap: the last pass's maps are garbage by now.
            GC.Collect();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            long records = 0;
            var root = new WindowAggregator(attributor, TimeSpan.FromMinutes(5));
            WindowAggregator staged = root.NewPartial();
            foreach (byte[] text in texts)
            {
                var reader = new FlowLogReader(PipeReader.Create(new ReadOnlySequence<byte>(text)), new FlowLogReaderOptions { Fields = fields });
                while (reader.ReadBatchAsync(batch).AsTask().GetAwaiter().GetResult())
                {
                    records += batch.Count;
                    if (aggregate)
                    {
                        staged.Add(batch, null);
                    }
                }

                root.Absorb(staged);
            }

            double perRecord = clock.Elapsed.TotalNanoseconds / Math.Max(1, records);
            double bytesPerRecord = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / Math.Max(1, records);
            // The first pass compiles the loops; it is shown, not counted.
            if (pass > 0)
            {
                best = Math.Min(best, perRecord);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pass {pass}: {perRecord:F1} ns/record, {bytesPerRecord:F1} B/record allocated ({records} records, {texts.Count} objects)"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"min {best:F1} ns/record"));
        return 0;
    }

    private static List<byte[]> Decompress(string bucket)
    {
        string[] files = EndToEndContender.ObjectFiles(bucket);
        var texts = new List<byte[]>(files.Length);
        foreach (string file in files)
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var text = new MemoryStream();
            gzip.CopyTo(text);
            texts.Add(text.ToArray());
        }

        return texts;
    }
}
