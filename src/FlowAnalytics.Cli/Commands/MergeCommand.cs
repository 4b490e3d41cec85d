using System.CommandLine;
using FlowAnalytics.Parquet;
using FlowAnalytics.S3;

namespace FlowAnalytics.Cli.Commands;

/// <summary><c>flowanalytics merge</c>: partial summaries of shards or batches → final tables.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in")
        {
            Description = "Directory or s3://bucket/prefix holding the partial runs' output (their --out): tables and _manifest/.",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Directory or s3://bucket/prefix for the merged tables (not --in). Merging again rewrites only the partitions whose partials changed.",
            Required = true,
        };
        var s3Endpoint = new Option<string?>("--s3-endpoint") { Description = "S3-compatible endpoint URL (also AWS_ENDPOINT_URL_S3). Default: AWS." };
        var sse = new Option<string?>("--sse") { Description = "Server-side encryption of output objects on S3: AES256 or aws:kms." };
        sse.AcceptOnlyFromAmong(S3SinkOptions.Aes256, S3SinkOptions.AwsKms);
        var sseKmsKeyId = new Option<string?>("--sse-kms-key-id") { Description = "KMS key for --sse aws:kms." };
        var expectedOwner = new Option<string?>("--expected-bucket-owner") { Description = "Account id every S3 request requires the bucket to belong to." };
        var command = new Command(
            "merge",
            "Combine the partial summaries of sharded runs (--shard, --shards, --keys-from) into final tables: counts exactly, quantiles and distinct counts from the merged sketches. Idempotent.")
        {
            input, output, s3Endpoint, sse, sseKmsKeyId, expectedOwner,
        };
        command.SetAction((result, cancellationToken) => MergeAsync(
            result.GetValue(input)!, result.GetValue(output)!,
            new StorageSettings(
                new S3ClientOptions { EndpointUrl = result.GetValue(s3Endpoint) },
                new S3SinkOptions { ServerSideEncryption = result.GetValue(sse), KmsKeyId = result.GetValue(sseKmsKeyId) },
                result.GetValue(expectedOwner)),
            cancellationToken));
        return command;
    }

    private static async Task<int> MergeAsync(string input, string output, StorageSettings storage, CancellationToken cancellationToken)
    {
        try
        {
            storage.Validate();
            if (SameLocation(input, output))
            {
                throw new FormatException($"--out must differ from --in ({input}): the merged tables would be read as partials next time.");
            }

            if (!S3Location.IsS3Uri(input) && !Directory.Exists(input))
            {
                throw new DirectoryNotFoundException($"No such directory: {input}");
            }

            MergeResult result = await PartialMerge.RunAsync(storage.CreateStore(input), storage.CreateStore(output), cancellationToken).ConfigureAwait(false);
            Console.WriteLine(
                $"merged {result.Runs} runs from {input} into {output}: {result.PartitionsWritten} partitions written, {result.PartitionsUnchanged} unchanged since the last merge.");
            if (result.IgnoredFiles > 0)
            {
                Console.WriteLine($"ignored {result.IgnoredFiles} part files that no run manifest lists (leftovers of replaced or killed runs).");
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is FormatException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"flowanalytics merge: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (S3StoreException e)
        {
            await Console.Error.WriteLineAsync($"flowanalytics merge: {e.Message}").ConfigureAwait(false);
            return e.Kind is S3FailureKind.BucketNotFound or S3FailureKind.AccessDenied ? ExitCodes.Usage : ExitCodes.Fatal;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"flowanalytics merge: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Fatal;
        }
    }

    private static bool SameLocation(string a, string b) =>
        S3Location.IsS3Uri(a) || S3Location.IsS3Uri(b)
            ? S3Location.IsS3Uri(a) && S3Location.IsS3Uri(b) && S3Location.Parse(a) == S3Location.Parse(b)
            : Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(b));
}
