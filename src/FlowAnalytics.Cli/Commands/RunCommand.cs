using System.CommandLine;
using System.Diagnostics;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parsing;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;
using FlowAnalytics.S3;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Cli.Commands;

/// <summary><c>flowanalytics run</c>: the main job, from flow logs and inventory to Parquet summaries.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var source = new Option<string[]>("--source")
        {
            Description = "Flow-log files or directories (walked recursively), or s3://bucket/prefix (only the date folders inside --from/--to are listed). Repeatable. Default: the bundled data-samples/AWSLogs.",
            AllowMultipleArgumentsPerToken = true,
        };
        var inventory = new Option<string[]>("--inventory")
        {
            Description = "JSON printed by 'aws ec2 describe-network-interfaces', 'describe-vpc-endpoints' and 'describe-subnets' (files or directories of *.json). Repeatable. Default: data-samples/inventory.",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out") { Description = "Output directory or s3://bucket/prefix for the Parquet tables and the run manifest.", DefaultValueFactory = _ => "out" };
        var window = new Option<string>("--window") { Description = "Aggregation window: 60s, 5m, 1h … Records go to the window their start falls in.", DefaultValueFactory = _ => "5m" };
        var from = new Option<string?>("--from") { Description = "Only records starting at or after this UTC date/time (2026-11-01 or 2026-11-01T06:00Z)." };
        var to = new Option<string?>("--to") { Description = "Only records starting before this UTC date/time." };
        var format = new Option<string?>("--format") { Description = "Field layout of files without a header line ('${version} ${account-id} …' or plain names). Default: the 14-field v2 format." };
        var workers = new Option<int>("--workers") { Description = "Objects read in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var arrival = new Option<string>("--arrival-time")
        {
            Description = "Arrival time of local files for delivery lag: 'none', or 'mtime' (a copy made with 'aws s3 sync' keeps S3's LastModified as mtime).",
            DefaultValueFactory = _ => "none",
        };
        arrival.AcceptOnlyFromAmong("none", "mtime");
        var maxErrors = new Option<string?>("--max-errors")
        {
            Description = "Rejected lines tolerated before the exit code becomes 3: a count (100) or a share of lines (0.5%). Default: no limit.",
        };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary." };
        var s3Endpoint = new Option<string?>("--s3-endpoint")
        {
            Description = "S3-compatible endpoint URL (also AWS_ENDPOINT_URL_S3): path-style requests, plain (not aws-chunked) uploads. Default: AWS.",
        };
        var sse = new Option<string?>("--sse") { Description = "Server-side encryption of output objects on S3: AES256 or aws:kms." };
        sse.AcceptOnlyFromAmong(S3SinkOptions.Aes256, S3SinkOptions.AwsKms);
        var sseKmsKeyId = new Option<string?>("--sse-kms-key-id") { Description = "KMS key for --sse aws:kms (default: the bucket's AWS managed key)." };
        var expectedOwner = new Option<string?>("--expected-bucket-owner") { Description = "Account id every S3 request requires the bucket to belong to." };

        var shard = new Option<string?>("--shard")
        {
            Description = "Process only slice i of n of the objects (0 <= i < n, like 3/8), chosen by a stable hash of each key; writes partial summaries named by the shard for 'merge'.",
        };
        var shards = new Option<int?>("--shards")
        {
            Description = "Split into n shards and take the index from AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array jobs) or JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).",
        };
        var keysFrom = new Option<string?>("--keys-from")
        {
            Description = "Read exactly these objects instead of listing: a Step Functions Distributed Map batch ({\"Items\":[{\"Key\":…}],\"BatchInput\":{\"Bucket\":…}}), an S3 Inventory manifest.json or CSV; a file, s3://bucket/key, or env:NAME (the JSON in a variable). Keys resolve against --source (a bucket or a local copy). Writes partial summaries for 'merge'.",
        };

        var incremental = new Option<bool>("--incremental")
        {
            Description = "Read only objects no earlier --incremental run into this --out read (same key and ETag, or size and mtime), and merge them into the existing tables: late objects join their windows. Keeps --window and --from/--to.",
        };

        var natPrice = new Option<string[]>("--nat-price")
        {
            Description = "NAT gateway data processing price, USD per GB, for the gateway-endpoint savings: 0.045 (every region; the default, us-east-1's) or REGION=PRICE (eu-west-1=0.048). Repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var interfacePrice = new Option<double>("--interface-endpoint-price")
        {
            Description = "Interface endpoint data processing price, USD per GB (default: 0.01, the first-PB tier).",
            DefaultValueFactory = _ => new ServicePathPrices().InterfaceEndpointPerGib,
        };

        Option<string> inflate = CommandLineValues.InflateOption();

        var command = new Command("run", "Attribute flow-log records to VPC interface endpoints and their AZs, aggregate per time window and write Parquet summaries.")
        {
            source, inventory, output, window, from, to, format, workers, arrival, maxErrors, quiet,
            s3Endpoint, sse, sseKmsKeyId, expectedOwner, shard, shards, keysFrom, incremental, natPrice, interfacePrice, inflate,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new RunArguments(
                result.GetValue(source) ?? [], result.GetValue(inventory) ?? [], result.GetValue(output)!, result.GetValue(window)!,
                result.GetValue(from), result.GetValue(to), result.GetValue(format), result.GetValue(workers),
                result.GetValue(arrival)!, result.GetValue(maxErrors), result.GetValue(quiet),
                new StorageSettings(
                    new S3ClientOptions { EndpointUrl = result.GetValue(s3Endpoint) },
                    new S3SinkOptions { ServerSideEncryption = result.GetValue(sse), KmsKeyId = result.GetValue(sseKmsKeyId) },
                    result.GetValue(expectedOwner)),
                result.GetValue(shard), result.GetValue(shards), result.GetValue(keysFrom), result.GetValue(incremental),
                result.GetValue(natPrice) ?? [], result.GetValue(interfacePrice), result.GetValue(inflate)!),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(RunArguments args, CancellationToken cancellationToken)
    {
        // On the core the inventory load leaves idle: the writer's first use is on the run's tail,
        // ISA-L's probe before the first object.
        _ = SummaryParquetWriter.StartWarmUp();
        _ = IsalLibrary.StartProbe();
        RunOptions options;
        IFlowLogSource source;
        IReadOnlyList<string> sources;
        EndpointInventory inventory;
        ErrorLimit limit;
        IncrementalOutput? incremental = null;
        ServicePathPrices prices;
        try
        {
            prices = new ServicePathPrices { InterfaceEndpointPerGib = args.InterfaceEndpointPrice }.WithNatPrices(args.NatPrices);
            (sources, IReadOnlyList<string> inventoryPaths) = ResolveInputs(args);
            args.Storage.Validate();
            CheckSourcesExist(sources);
            if (S3Location.IsS3Uri(args.Output))
            {
                S3Location.Parse(args.Output);
            }

            ObjectShard? objectShard = PartialRuns.ResolveShard(args.Shard, args.Shards);
            if (objectShard is not null && args.KeysFrom is not null)
            {
                throw new FormatException("--keys-from names the objects of one run; it cannot be combined with --shard or --shards.");
            }

            DateTimeOffset? from = args.From is null ? null : CommandLineValues.ParseInstant(args.From);
            DateTimeOffset? to = args.To is null ? null : CommandLineValues.ParseInstant(args.To);
            IReadOnlyList<ListedKey>? keys = args.KeysFrom is null
                ? null
                : await PartialRuns.ReadKeysAsync(args.KeysFrom, args.Storage, cancellationToken).ConfigureAwait(false);
            options = new RunOptions
            {
                RunId = objectShard is { } sliced
                    ? PartialRuns.ShardRunId(sliced, from, to)
                    : keys is null ? RunOptions.NewRunId(DateTimeOffset.UtcNow) : PartialRuns.RunIdOf(keys),
                Shard = objectShard,
                IsPartial = objectShard is not null || keys is not null,
                Window = CommandLineValues.ParseDuration(args.Window),
                From = from,
                To = to,
                Layout = args.Format is null ? FlowAnalytics.Records.FlowLayout.Default : FlowHeader.ParseFormat(args.Format),
                Workers = args.Workers >= 1 ? args.Workers : throw new FormatException("--workers must be at least 1."),
                Arrival = args.Arrival == "mtime" ? ArrivalTime.LastModified : ArrivalTime.None,
                FormatReader = ParquetFlowLogFormat.Instance,
                Inflater = CommandLineValues.ParseInflater(args.Inflate),
            };
            limit = ErrorLimit.Parse(args.MaxErrors);
            inventory = await InventoryFiles.LoadAsync(inventoryPaths, args.Storage, cancellationToken).ConfigureAwait(false);
            source = keys is null
                ? args.Storage.CreateSource(sources, options.From, options.To)
                : PartialRuns.CreateKeySource(keys, args.Sources, args.Storage, options.From, options.To);
            if (args.Incremental)
            {
                if (options.IsPartial)
                {
                    throw new FormatException("--incremental cannot be combined with --shard, --shards or --keys-from: merge their partials instead ('flowanalytics merge' is incremental).");
                }

                incremental = await IncrementalOutput.OpenAsync(args.Output, options, args.Storage, cancellationToken).ConfigureAwait(false);
                source = incremental.Exclude(source);
                options = options with { IsPartial = true };
            }
            else if (!options.IsPartial)
            {
                await IncrementalOutput.ThrowIfIncrementalAsync(args.Output, args.Storage, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (S3StoreException e)
        {
            await Console.Error.WriteLineAsync($"flowanalytics run: {e.Message}").ConfigureAwait(false);
            return e.Kind is S3FailureKind.Unavailable ? ExitCodes.Fatal : ExitCodes.Usage;
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or DirectoryNotFoundException or InventoryFormatException)
        {
            await Console.Error.WriteLineAsync($"flowanalytics run: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var report = new RunReport(args.Quiet);
        RunResult result;
        try
        {
            result = await report.WithProgressAsync(
                progress => FlowLogJob.RunAsync(source, inventory, options, progress, cancellationToken)).ConfigureAwait(false);
        }
        catch (S3StoreException e)
        {
            // Listing failed: nothing was read. A missing bucket or a denied prefix is the caller's
            // configuration to fix; anything else (S3 unavailable after retries) is fatal.
            await Console.Error.WriteLineAsync($"flowanalytics run: {e.Message}").ConfigureAwait(false);
            return e.Kind is S3FailureKind.BucketNotFound or S3FailureKind.AccessDenied ? ExitCodes.Usage : ExitCodes.Fatal;
        }

        if (source is ExcludingSource { Excluded: > 0 } skipped)
        {
            await Console.Error.WriteLineAsync(
                $"flowanalytics run: --incremental: {skipped.Excluded} objects already processed, {result.Objects.Count} new.").ConfigureAwait(false);
            if (incremental!.Changed.Count > 0)
            {
                await Console.Error.WriteLineAsync(
                    $"flowanalytics run: warning: {incremental.Changed.Count} objects changed since an earlier run read them (first: {incremental.Changed[0]}); the tables keep counting what was read then. Write to a new --out to count them as they are now.").ConfigureAwait(false);
            }
        }
        else if (result.Objects.Count == result.PrunedObjects)
        {
            await Console.Error.WriteLineAsync(
                $"flowanalytics run: warning: no flow-log objects{(options.From is null && options.To is null ? "" : " in the --from/--to range")} under {string.Join(", ", sources)}; the output tables are empty.").ConfigureAwait(false);
        }

        IReadOnlyList<OutputFile> outputs;
        var writing = Stopwatch.StartNew();
        try
        {
            outputs = incremental is null
                ? await RunWriter.WriteAsync(args.Output, result, args.Storage, cancellationToken).ConfigureAwait(false)
                : await incremental.WriteAsync(result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            // Nothing usable came out of the run: a fatal error (exit 2) with one line of message,
            // not an unhandled exception, which the command line would report as a usage error.
            await Console.Error.WriteLineAsync($"flowanalytics run: cannot write output under {args.Output}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Fatal;
        }

        report.PrintSummary(result, outputs, writing.Elapsed, args.Output, prices);

        bool tooManyErrors = limit.IsExceeded(result.RejectedLines, result.Lines);
        if (tooManyErrors)
        {
            await Console.Error.WriteLineAsync($"flowanalytics run: {result.RejectedLines} rejected lines exceed --max-errors {args.MaxErrors}.").ConfigureAwait(false);
        }

        return result.FailedObjects > 0 || tooManyErrors ? ExitCodes.Rejected : ExitCodes.Ok;
    }

    private static (IReadOnlyList<string> Sources, IReadOnlyList<string> Inventory) ResolveInputs(RunArguments args)
    {
        if ((args.Sources.Length > 0 || args.KeysFrom is not null) && args.Inventory.Length > 0)
        {
            return (args.Sources, args.Inventory);
        }

        string samples = CommandLineValues.FindDataSamples()
            ?? throw new DirectoryNotFoundException("No --source/--inventory given and no data-samples directory found: run from the repository root or pass --source and --inventory.");
        return (
            args.Sources.Length > 0 ? args.Sources : [Path.Combine(samples, "AWSLogs")],
            args.Inventory.Length > 0 ? args.Inventory : [Path.Combine(samples, "inventory")]);
    }

    // The job lists the sources only once it runs; a missing path must fail here, as a usage error
    // with one line of message, not as an unhandled exception out of the run.
    private static void CheckSourcesExist(IReadOnlyList<string> sources)
    {
        foreach (string path in sources)
        {
            if (S3Location.IsS3Uri(path))
            {
                S3Location.Parse(path);
            }
            else if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"No such file or directory: {path}", path);
            }
        }
    }

    private sealed record RunArguments(
        string[] Sources, string[] Inventory, string Output, string Window, string? From, string? To, string? Format,
        int Workers, string Arrival, string? MaxErrors, bool Quiet, StorageSettings Storage,
        string? Shard, int? Shards, string? KeysFrom, bool Incremental, string[] NatPrices, double InterfaceEndpointPrice,
        string Inflate);
}
