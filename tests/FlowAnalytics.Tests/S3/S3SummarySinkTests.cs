using System.Text;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using FlowAnalytics.S3;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.S3;

/// <summary>The S3 sink against s3rver: the local sink's layout and bytes, multipart uploads, and failures that leave nothing.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3SummarySinkTests(S3rverFixture s3)
{
    private static readonly string[] PartitionFiles =
    [
        "endpoint_traffic/date=1969-12-31/part-00000.parquet",
        "endpoint_traffic/date=2024-03-10/part-00000.parquet",
        "endpoint_traffic/date=2024-03-11/part-00000.parquet",
        "endpoint_traffic/date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
    ];

    [Fact]
    public async Task WriteAsync_Partitioned_SameObjectsAndBytesAsTheLocalSink()
    {
        string bucket = await s3.CreateBucketAsync();
        using var local = new TempDirectory();
        SummaryTable table = SummaryTableSamples.EveryType();
        await new LocalParquetSink(local.Path).WriteAsync(table, "window_start");
        var sink = new S3SummarySink(s3.Client, S3Location.Parse($"s3://{bucket}/summaries"), new S3SinkOptions { UseChunkEncoding = false });

        IReadOnlyList<S3WrittenObject> written = await sink.WriteAsync(table, "window_start");

        Assert.Equal(PartitionFiles.Select(f => $"summaries/{f}"), await s3.KeysAsync(bucket));
        Assert.Equal(PartitionFiles.Select(f => $"s3://{bucket}/summaries/{f}"), written.Select(w => w.Uri));
        Assert.Equal(["date=1969-12-31", "date=2024-03-10", "date=2024-03-11", "date=__HIVE_DEFAULT_PARTITION__"], written.Select(w => w.PartitionDirectory));
        Assert.Equal([1L, 2L, 2L, 1L], written.Select(w => w.Rows));
        foreach ((string file, S3WrittenObject w) in PartitionFiles.Zip(written))
        {
            byte[] expected = await File.ReadAllBytesAsync(Path.Combine(local.Path, file));
            Assert.Equal(expected, await s3.GetAsync(bucket, $"summaries/{file}"));
            Assert.Equal(expected.Length, w.Bytes);
        }
    }

    [Fact]
    public async Task WriteAsync_Partitioned_DownloadedTableReadsBackByOurReaderAndDuckDb()
    {
        string bucket = await s3.CreateBucketAsync();
        using var local = new TempDirectory();
        using var downloaded = new TempDirectory();
        SummaryTable table = SummaryTableSamples.EveryType();
        var localSink = new LocalParquetSink(local.Path);
        await localSink.WriteAsync(table, "window_start");
        await new S3SummarySink(s3.Client, S3Location.Parse($"s3://{bucket}/out"), new S3SinkOptions { UseChunkEncoding = false })
            .WriteAsync(table, "window_start");

        await DownloadAsync(bucket, "out/", downloaded.Path);

        SummaryTableAssert.Equal(
            await SummaryParquetReader.ReadTableAsync(localSink.TableDirectory("endpoint_traffic")),
            await SummaryParquetReader.ReadTableAsync(Path.Combine(downloaded.Path, "endpoint_traffic")));
        using var duck = new DuckDbQuery();
        string source = $"read_parquet({DuckDbQuery.Literal(Path.Combine(downloaded.Path, "endpoint_traffic", "*", "*.parquet"))}, hive_partitioning = true)";
        Assert.Equal(6L, duck.Scalar($"SELECT count(*) FROM {source}"));
        Assert.Equal(3_000_000_000_047L, duck.Scalar($"SELECT sum(records)::BIGINT FROM {source}"));
        Assert.Equal(2L, duck.Scalar($"SELECT count(*) FROM {source} WHERE CAST(date AS VARCHAR) = '2024-03-11'"));
    }

    [Fact]
    public async Task WriteAsync_Rerun_ReplacesEachPartitionInsteadOfAddingOne()
    {
        string bucket = await s3.CreateBucketAsync();
        var sink = new S3SummarySink(s3.Client, S3Location.Parse($"s3://{bucket}"), new S3SinkOptions { UseChunkEncoding = false });
        using var downloaded = new TempDirectory();

        await sink.WriteAsync(SummaryTableSamples.EveryType(), "window_start");
        await sink.WriteAsync(SummaryTableSamples.EveryType(recordsOffset: 100), "window_start");
        await DownloadAsync(bucket, "", downloaded.Path);

        Assert.Equal(PartitionFiles, await s3.KeysAsync(bucket));
        SummaryTable read = await SummaryParquetReader.ReadTableAsync(Path.Combine(downloaded.Path, "endpoint_traffic"));
        Assert.Equal([100L, 110L, 3_000_000_000_100L, null, 142L, 95L], read["records"].Int64Values!);
    }

    [Fact]
    public async Task WriteAsync_UnpartitionedTableAndManifest_WrittenBesideEachOther()
    {
        string bucket = await s3.CreateBucketAsync();
        var sink = new S3SummarySink(s3.Client, S3Location.Parse($"s3://{bucket}/run"), new S3SinkOptions { UseChunkEncoding = false });
        byte[] manifest = Encoding.UTF8.GetBytes("{\"run_id\":\"20261101T000000Z-abcdef\"}");

        S3WrittenObject errors = Assert.Single(await sink.WriteAsync(SummaryTableSamples.Sequence(10, "errors"), partitionColumn: null));
        S3WrittenObject written = await sink.WriteManifestAsync("20261101T000000Z-abcdef", manifest);

        Assert.Equal(new S3WrittenObject($"s3://{bucket}/run/errors/part-00000.parquet", null, 10, errors.Bytes), errors);
        Assert.Equal(new S3WrittenObject($"s3://{bucket}/run/_manifest/20261101T000000Z-abcdef.json", null, 0, manifest.Length), written);
        Assert.Equal(["run/_manifest/20261101T000000Z-abcdef.json", "run/errors/part-00000.parquet"], await s3.KeysAsync(bucket));
        Assert.Equal(manifest, await s3.GetAsync(bucket, "run/_manifest/20261101T000000Z-abcdef.json"));
    }

    [Fact]
    public async Task WriteAsync_FileAboveTheThreshold_UploadsInPartsAndReadsBack()
    {
        string bucket = await s3.CreateBucketAsync();
        (Amazon.S3.IAmazonS3 client, RecordingS3Client recorder) = RecordingS3Client.Wrap(s3.Client);
        var sink = new S3SummarySink(client, S3Location.Parse($"s3://{bucket}"), new S3SinkOptions
        {
            UseChunkEncoding = false, PartSize = S3SinkOptions.MinPartSize, MultipartThreshold = S3SinkOptions.MinPartSize,
        });
        SummaryTable table = IncompressibleTable(rows: 12, blobBytes: 1 << 20);
        using var downloaded = new TempDirectory();

        S3WrittenObject written = Assert.Single(await sink.WriteAsync(table, "window_start"));
        await DownloadAsync(bucket, "", downloaded.Path);

        Assert.InRange(written.Bytes, 12L << 20, 13L << 20);
        Assert.Equal(1, recorder.Count("InitiateMultipartUploadAsync"));
        Assert.Equal(3, recorder.Count("UploadPartAsync")); // 5 + 5 + ~2 MiB
        Assert.Equal(1, recorder.Count("CompleteMultipartUploadAsync"));
        Assert.Equal(0, recorder.Count("PutObjectAsync"));
        SummaryTableAssert.Equal(table, await SummaryParquetReader.ReadTableAsync(Path.Combine(downloaded.Path, "blobs")));
    }

    [Fact]
    public async Task UploadAsync_CancelledMidPut_LeavesNoObject()
    {
        string bucket = await s3.CreateBucketAsync();
        var uploader = new S3ObjectUploader(s3.Client, S3Location.Parse($"s3://{bucket}"), new S3SinkOptions { UseChunkEncoding = false });
        using var cancel = new CancellationTokenSource();
        using var content = new InterruptingStream(RandomBytes(4 << 20), after: 1 << 20, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => uploader.UploadAsync("out/part-00000.parquet", content, "application/octet-stream", cancel.Token));

        Assert.Empty(await s3.KeysAsync(bucket));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UploadAsync_InterruptedMidMultipart_AbortsAndLeavesNoObject(bool cancelled)
    {
        string bucket = await s3.CreateBucketAsync();
        (Amazon.S3.IAmazonS3 client, RecordingS3Client recorder) = RecordingS3Client.Wrap(s3.Client);
        var warnings = new List<string>();
        var uploader = new S3ObjectUploader(client, S3Location.Parse($"s3://{bucket}"), new S3SinkOptions
        {
            UseChunkEncoding = false, PartSize = S3SinkOptions.MinPartSize, MultipartThreshold = S3SinkOptions.MinPartSize, Warning = warnings.Add,
        });
        using var cancel = new CancellationTokenSource();
        // Interrupted while the second part is read: the first part is already stored.
        using var content = new InterruptingStream(RandomBytes(12 << 20), after: 6 << 20, cancelled ? cancel : null);

        Task upload = uploader.UploadAsync("big.bin", content, "application/octet-stream", cancel.Token);

        if (cancelled)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        }
        else
        {
            // The disk's own error, not dressed up as a store failure.
            var e = await Assert.ThrowsAsync<IOException>(() => upload);
            Assert.Equal("the disk went away", e.Message);
        }

        Assert.Empty(await s3.KeysAsync(bucket));
        // Cancelled: the second part is read whole (the token is cancelled meanwhile), and its request
        // then fails on the cancelled token. Failed disk: the second part is never requested.
        Assert.Equal(cancelled ? 2 : 1, recorder.Count("UploadPartAsync"));
        Assert.Equal(0, recorder.Count("CompleteMultipartUploadAsync"));
        Assert.Equal(1, recorder.Count("AbortMultipartUploadAsync"));
        // s3rver does not implement AbortMultipartUpload (405), so the abort surfaces as a warning.
        string warning = Assert.Single(warnings);
        Assert.StartsWith("Could not abort multipart upload ", warning, StringComparison.Ordinal);
        Assert.Contains($"s3://{bucket}/big.bin", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_MissingBucket_ThrowsBucketNotFoundAndLeavesNoStagedFile()
    {
        using var staging = new TempDirectory();
        var sink = new S3SummarySink(s3.Client, S3Location.Parse("s3://no-such-summaries/out"), new S3SinkOptions
        {
            UseChunkEncoding = false, TempDirectory = staging.Path,
        });

        var e = await Assert.ThrowsAsync<S3StoreException>(() => sink.WriteAsync(SummaryTableSamples.EveryType(), "window_start"));

        Assert.Equal(S3FailureKind.BucketNotFound, e.Kind);
        Assert.StartsWith("PutObject s3://no-such-summaries/out/endpoint_traffic/date=1969-12-31/part-00000.parquet: the bucket does not exist", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(staging.Path));
    }

    [Fact]
    public async Task WriteAsync_EncryptionAndBucketOwner_AcceptedWithEveryRequest()
    {
        string bucket = await s3.CreateBucketAsync();
        var sink = new S3SummarySink(s3.Client, S3Location.Parse($"s3://{bucket}"), new S3SinkOptions
        {
            UseChunkEncoding = false, ServerSideEncryption = S3SinkOptions.Aes256, ExpectedBucketOwner = "123456789012",
        });

        IReadOnlyList<S3WrittenObject> written = await sink.WriteAsync(SummaryTableSamples.EveryType(), "window_start");

        Assert.Equal(4, written.Count);
        Assert.Equal(PartitionFiles, await s3.KeysAsync(bucket));
    }

    [Theory]
    [InlineData("aes256", null, null, "--sse must be AES256 or aws:kms")]
    [InlineData("AES256", "alias/flow", null, "--sse-kms-key-id needs --sse aws:kms")]
    [InlineData(null, null, "12345", "--expected-bucket-owner must be a 12-digit account id")]
    public void Constructor_BadOptions_ThrowsSayingWhich(string? sse, string? kmsKey, string? owner, string reason)
    {
        var options = new S3SinkOptions { ServerSideEncryption = sse, KmsKeyId = kmsKey, ExpectedBucketOwner = owner };

        var e = Assert.Throws<ArgumentException>(() => new S3SummarySink(s3.Client, S3Location.Parse("s3://flow-logs"), options));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteManifestAsync_UnsafeRunId_Throws()
    {
        var sink = new S3SummarySink(s3.Client, S3Location.Parse("s3://flow-logs"));

        await Assert.ThrowsAsync<ArgumentException>(() => sink.WriteManifestAsync("../escape", new byte[] { 1 }));
    }

    /// <summary>Downloads every object under <paramref name="prefix"/> into <paramref name="directory"/>, keeping the relative paths.</summary>
    private async Task DownloadAsync(string bucket, string prefix, string directory)
    {
        foreach (string key in await s3.KeysAsync(bucket, prefix))
        {
            string path = Path.Combine(directory, key[prefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, await s3.GetAsync(bucket, key));
        }
    }

    private static SummaryTable IncompressibleTable(int rows, int blobBytes)
    {
        SummaryColumn windowStart = SummaryColumn.Create("window_start", SummaryColumnType.Timestamp, rows);
        SummaryColumn blobs = SummaryColumn.Create("duration_sketch", SummaryColumnType.Binary, rows);
        var random = new Random(5);
        for (int i = 0; i < rows; i++)
        {
            windowStart.Int64Values![i] = SummaryTableSamples.March11Noon + i;
            byte[] blob = new byte[blobBytes];
            random.NextBytes(blob);
            blobs.BinaryValues![i] = blob;
        }

        return new SummaryTable("blobs", rows, [windowStart, blobs]);
    }

    private static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(3).NextBytes(bytes);
        return bytes;
    }
}
