using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using DuckDB.NET.Data;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Benchmarks.EndToEnd;

/// <summary>
/// One contender of the end-to-end comparison, run in a child process of its own so that its
/// wall time, CPU time and peak RSS are its own: <c>e2e-one CONTENDER BUCKET THREADS OUT</c>.
/// Prints one <c>RESULT records cpu_ms peak_rss_kb</c> line.
/// </summary>
public static class EndToEndContender
{
    public const string Command = "e2e-one";

    /// <summary>
    /// The contenders: the issue's floor and the engine as it runs by default, and, on a machine
    /// with ISA-L (which the engine then inflates with), the floor with ISA-L and the engine with
    /// .NET's zlib, so that each inflate's share shows.
    /// </summary>
    public static string[] Names => IsalLibrary.IsAvailable
        ? ["floor", "floor-isal", "flowanalytics", "flowanalytics-zlib", "duckdb", "naive"]
        : ["floor", "flowanalytics", "duckdb", "naive"];

    public static async Task<int> RunAsync(string[] args)
    {
        string contender = args[0];
        string bucket = args[1];
        int threads = int.Parse(args[2], CultureInfo.InvariantCulture);
        string output = args[3];
        string[] files = ObjectFiles(bucket);
        long records = contender switch
        {
            "floor" => Decompress(files, threads, GzipInflater.Zlib),
            "floor-isal" => Decompress(files, threads, GzipInflater.Isal),
            "flowanalytics" => await FlowAnalyticsAsync(bucket, threads, output, GzipInflater.Auto),
            "flowanalytics-zlib" => await FlowAnalyticsAsync(bucket, threads, output, GzipInflater.Zlib),
            "duckdb" => DuckDb(bucket, files[0], threads, output),
            "naive" => Naive(files, EndpointEnis(bucket), threads),
            _ => throw new ArgumentException($"unknown contender {contender}"),
        };
        using Process self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {records} {self.TotalProcessorTime.TotalMilliseconds:F0} {PeakRssKilobytes()}"));
        return 0;
    }

    /// <summary>A generated bucket's gzip objects, in key order.</summary>
    internal static string[] ObjectFiles(string bucket)
    {
        string[] files = Directory.GetFiles(Path.Combine(bucket, "AWSLogs"), "*.log.gz", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>A generated bucket's inventory.</summary>
    internal static EndpointInventory Inventory(string bucket) =>
        EndpointInventory.Load(Directory.GetFiles(Path.Combine(bucket, "inventory"), "*.json"));

    /// <summary>The floor: only decompress every file, on all threads, and discard the text.</summary>
    private static long Decompress(string[] files, int threads, GzipInflater inflater)
    {
        long bytes = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = threads }, file =>
        {
            byte[] buffer = new byte[1 << 16];
            using Stream gzip = inflater == GzipInflater.Isal
                ? new IsalGzipStream(File.OpenRead(file))
                : new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            long read = 0;
            int n;
            while ((n = gzip.Read(buffer)) > 0)
            {
                read += n;
            }

            Interlocked.Add(ref bytes, read);
        });
        return bytes;
    }

    /// <summary>The engine as <c>flowanalytics run</c> runs it: job, tables, Parquet.</summary>
    private static async Task<long> FlowAnalyticsAsync(string bucket, int threads, string output, GzipInflater inflater)
    {
        // As `run` starts: the Parquet writer warms up and ISA-L is probed on the core the
        // inventory load leaves idle.
        _ = SummaryParquetWriter.StartWarmUp();
        _ = IsalLibrary.StartProbe();
        EndpointInventory inventory = Inventory(bucket);
        var options = new RunOptions { RunId = "e2e", Workers = threads, Inflater = inflater };
        RunResult result = await FlowLogJob.RunAsync(new LocalFileSource([Path.Combine(bucket, "AWSLogs")]), inventory, options);
        var sink = new LocalParquetSink(output);
        IReadOnlyList<(SummaryTable Table, string? PartitionColumn)> tables = RunTables.Build(result);
        // As `run` does before writing (the CLI's RunWriter): return the read phase's garbage first.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // And as it writes: each table to its own files, side by side.
        var writes = new List<Task>();
        foreach ((SummaryTable table, string? partitionColumn) in tables)
        {
            writes.Add(Task.Run(() => sink.WriteAsync(table, partitionColumn)));
        }

        await Task.WhenAll(writes);
        return result.Records;
    }

    private static long DuckDb(string bucket, string firstFile, int threads, string output)
    {
        string enis = Path.Combine(output, "endpoint_enis.csv");
        Directory.CreateDirectory(output);
        var csv = new StringBuilder("eni_id,vpc_endpoint_id,az_id\n");
        foreach ((string eni, (string endpoint, string az)) in EndpointEnis(bucket))
        {
            csv.Append(eni).Append(',').Append(endpoint).Append(',').Append(az).Append('\n');
        }

        File.WriteAllText(enis, csv.ToString());
        string sql = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "EndToEnd", "EndpointAggregation.sql"))
            .Replace("{threads}", threads.ToString(CultureInfo.InvariantCulture))
            .Replace("{enis}", enis)
            .Replace("{logs}", Path.Combine(bucket, "AWSLogs", "**", "*.log.gz"))
            .Replace("{columns}", DuckDbColumns(firstFile))
            .Replace("{out}", Path.Combine(output, "duckdb.parquet"));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT sum(records)::BIGINT FROM read_parquet('{Path.Combine(output, "duckdb.parquet")}')";
        return (long)command.ExecuteScalar()!;
    }

    // Explicit columns from the file's header: auto-detection would turn account ids into numbers.
    private static string DuckDbColumns(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{file} is empty");
        var columns = new List<string>();
        foreach (string name in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            bool integer = FlowFields.TryParseName(name, out FlowField field) && FlowFields.Kind(field) == FlowFieldKind.Integer;
            columns.Add($"'{name}': '{(integer ? "BIGINT" : "VARCHAR")}'");
        }

        return "{" + string.Join(", ", columns) + "}";
    }

    /// <summary>The naive baseline: GZipStream + ReadLine + string.Split + Dictionary, one file per thread.</summary>
    private static long Naive(string[] files, Dictionary<string, (string Endpoint, string Az)> enis, int threads)
    {
        var totals = new Dictionary<(long, string, string), (long Records, long Packets, long Bytes)>();
        long records = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new Dictionary<(long, string, string), (long Records, long Packets, long Bytes)>(),
            (file, _, local) =>
            {
                using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
                string[] header = reader.ReadLine()!.Split(' ');
                int eniAt = Array.IndexOf(header, "interface-id"), startAt = Array.IndexOf(header, "start");
                int packetsAt = Array.IndexOf(header, "packets"), bytesAt = Array.IndexOf(header, "bytes"), actionAt = Array.IndexOf(header, "action");
                string? line;
                long count = 0;
                while ((line = reader.ReadLine()) is not null)
                {
                    string[] fields = line.Split(' ');
                    count++;
                    if (!enis.ContainsKey(fields[eniAt]) || fields[startAt] == "-")
                    {
                        continue;
                    }

                    long start = long.Parse(fields[startAt], CultureInfo.InvariantCulture);
                    var key = (start - start % 300, fields[eniAt], fields[actionAt]);
                    (long r, long p, long b) = local.GetValueOrDefault(key);
                    local[key] = (r + 1,
                        p + (fields[packetsAt] == "-" ? 0 : long.Parse(fields[packetsAt], CultureInfo.InvariantCulture)),
                        b + (fields[bytesAt] == "-" ? 0 : long.Parse(fields[bytesAt], CultureInfo.InvariantCulture)));
                }

                Interlocked.Add(ref records, count);
                return local;
            },
            local =>
            {
                lock (totals)
                {
                    foreach ((var key, var value) in local)
                    {
                        (long r, long p, long b) = totals.GetValueOrDefault(key);
                        totals[key] = (r + value.Records, p + value.Packets, b + value.Bytes);
                    }
                }
            });
        return records;
    }

    private static Dictionary<string, (string Endpoint, string Az)> EndpointEnis(string bucket)
    {
        EndpointInventory inventory = Inventory(bucket);
        var enis = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (NetworkInterfaceEntry eni in inventory.Interfaces)
        {
            if (eni.IsEndpointInterface && eni.EndpointIndex >= 0)
            {
                enis[eni.Id] = (inventory.Endpoints[eni.EndpointIndex].Id, eni.AvailabilityZoneId ?? "");
            }
        }

        return enis;
    }

    private static long PeakRssKilobytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
