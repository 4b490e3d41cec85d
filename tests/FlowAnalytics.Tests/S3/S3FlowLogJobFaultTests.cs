using Amazon.S3;
using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using FlowAnalytics.Pipeline;
using FlowAnalytics.S3;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.S3;

/// <summary>
/// The job over an s3rver of its own that is stopped, restarted or robbed of an object mid-run:
/// every record of a readable object is counted exactly once, every other object is a failed object
/// with its reason, and a sink that cannot reach the store leaves no output object.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class S3FlowLogJobFaultTests(S3rverFixture s3) : IAsyncLifetime
{
    private const string Bucket = "faults";
    private const int Objects = 8;

    private readonly TempDirectory _temp = new();
    private string _data = string.Empty;
    private S3rverProcess _server = null!;
    private IAmazonS3 _client = null!;
    private SampleBucketSummary _sample = null!;
    private EndpointInventory _inventory = null!;

    public async Task InitializeAsync()
    {
        _data = Path.Combine(_temp.Path, "s3rver");
        Directory.CreateDirectory(_data);
        _server = await S3rverFixture.StartOnFreePortAsync(s3.PackageDirectory, _data);
        // No SDK retries: what is retried, and how often, is the product's own doing.
        _client = s3.CreateClient(endpoint: _server.Endpoint, maxErrorRetry: 0);
        _sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = Path.Combine(_temp.Path, "bucket"), Records = 40_000, Seed = 23, Files = Objects,
        });
        _inventory = EndpointInventory.Load(_sample.InventoryFiles);
        await _client.PutBucketAsync(Bucket);
        foreach (SampleObject o in _sample.Objects)
        {
            await _client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = Bucket, Key = o.Key, FilePath = o.Path, UseChunkEncoding = false,
            });
        }
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task RunAsync_ServerStoppedMidBodyAndRestarted_RereadsAndCountsEveryRecordOnce()
    {
        // Plain-text objects of ~12 MB: more than the socket buffers hold, so stopping the server
        // after the first read really cuts the body short.
        SampleBucketSummary big = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = Path.Combine(_temp.Path, "big"), Records = 220_000, Seed = 29, Files = 2,
        });
        var plain = new List<string>();
        foreach (SampleObject o in big.Objects)
        {
            string path = Path.Combine(_temp.Path, "plain", Path.GetFileName(o.Path)[..^".gz".Length]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var gzip = new System.IO.Compression.GZipStream(File.OpenRead(o.Path), System.IO.Compression.CompressionMode.Decompress))
            await using (FileStream target = File.Create(path))
            {
                await gzip.CopyToAsync(target);
            }

            plain.Add(path);
            await _client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = Bucket, Key = "big/" + Path.GetFileName(path), FilePath = path, UseChunkEncoding = false,
            });
        }

        Task? restart = null;
        var source = new FaultingSource(Source(openAttempts: 40, prefix: "big/"), async (index, stream) =>
        {
            if (index == 0 && stream is not null && restart is null)
            {
                await _server.DisposeAsync();
                restart = RestartAfterAsync(TimeSpan.FromMilliseconds(300));
            }
        });
        EndpointInventory inventory = EndpointInventory.Load(big.InventoryFiles);

        RunResult faulted = await FlowLogJob.RunAsync(source, inventory, Options());
        await restart!;
        RunResult clean = await FlowLogJob.RunAsync(new LocalFileSource([.. plain]), inventory, Options());

        Assert.Equal(0, faulted.FailedObjects);
        Assert.Equal(2, faulted.Objects[0].Attempts); // the cut body was read again from its start
        Assert.Equal(220_000, faulted.Records);
        Assert.Equal(clean.Records, faulted.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(clean.Aggregation), TrafficTables.BuildEndpointTraffic(faulted.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(clean.Aggregation), TrafficTables.BuildEniTraffic(faulted.Aggregation));
    }

    [Fact]
    public async Task RunAsync_ServerStoppedForGood_FailsTheRestCountsTheReadOnesOnceAndWritesNothing()
    {
        // The store stops as the fourth object is opened (the job opens the largest first, so
        // which three were read depends on their sizes, not their keys).
        var read = new List<int>();
        bool stopped = false;
        var source = new FaultingSource(Source(openAttempts: 2), async (index, stream) =>
        {
            if (stream is null && !stopped)
            {
                if (read.Count == 3)
                {
                    stopped = true;
                    await _server.DisposeAsync();
                }
                else
                {
                    read.Add(index);
                }
            }
        });

        RunResult faulted = await FlowLogJob.RunAsync(source, _inventory, Options() with { ObjectAttempts = 2 });
        RunResult firstThree = await FlowLogJob.RunAsync(Local([.. read]), _inventory, Options());

        ObjectResult[] failed = [.. faulted.Objects.Where((o, i) => !read.Contains(i))];
        Assert.Equal(Objects - 3, faulted.FailedObjects);
        Assert.Equal(Objects - 3, failed.Length);
        Assert.All(failed, o =>
        {
            Assert.Contains("the store cannot be reached", o.Failure, StringComparison.Ordinal);
            Assert.Equal(0, o.Records);
            Assert.Equal(2, o.Attempts);
        });
        Assert.Equal(firstThree.Records, faulted.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(firstThree.Aggregation), TrafficTables.BuildEndpointTraffic(faulted.Aggregation));
        SummaryTable errors = RunTables.BuildErrors(faulted);
        Assert.Equal(failed.Select(o => o.Object.Key), errors["object_key"].StringValues!);

        // The output goes to the same stopped store: the write fails and, once the store is back, no
        // object of it exists (each is complete or absent).
        var sink = new S3SummarySink(_client, S3Location.Parse($"s3://{Bucket}/summaries"), new S3SinkOptions { UseChunkEncoding = false });
        await Assert.ThrowsAsync<S3StoreException>(() => sink.WriteAsync(TrafficTables.BuildEndpointTraffic(faulted.Aggregation), TrafficTables.PartitionColumn));
        await RestartAfterAsync(TimeSpan.Zero);
        Amazon.S3.Model.ListObjectsV2Response listed = await _client.ListObjectsV2Async(new() { BucketName = Bucket, Prefix = "summaries/" });
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task RunAsync_ObjectDeletedAfterListing_FailsThatObjectAloneWithoutRetrying()
    {
        var source = new FaultingSource(Source(openAttempts: 4), async (index, stream) =>
        {
            if (index == 2 && stream is null)
            {
                await _client.DeleteObjectAsync(Bucket, _sample.Objects[2].Key);
            }
        });

        RunResult faulted = await FlowLogJob.RunAsync(source, _inventory, Options());
        RunResult others = await FlowLogJob.RunAsync(Local(0, 1, 3, 4, 5, 6, 7), _inventory, Options());

        ObjectResult gone = Assert.Single(faulted.Objects, o => o.Failure is not null);
        Assert.Equal($"s3://{Bucket}/{_sample.Objects[2].Key}", gone.Object.Key);
        Assert.Contains("no such object", gone.Failure, StringComparison.Ordinal);
        Assert.Equal(1, gone.Attempts);
        Assert.Equal(others.Records, faulted.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(others.Aggregation), TrafficTables.BuildEndpointTraffic(faulted.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(others.Aggregation), TrafficTables.BuildEniTraffic(faulted.Aggregation));
    }

    [Fact]
    public async Task RunAsync_DamagedAndForeignObjectsOnS3_EachFailsWithItsReasonAndTheOthersCountExactly()
    {
        byte[] gzip = File.ReadAllBytes(_sample.Objects[4].Path);
        byte[] corrupt = [.. gzip];
        for (int i = gzip.Length / 3; i < gzip.Length / 3 + 64; i++)
        {
            corrupt[i] ^= 0x5a;
        }

        var damaged = new Dictionary<string, (byte[] Content, string Reason)>
        {
            ["damaged/b-corrupt.log.gz"] = (corrupt, "corrupt gzip: "),
            ["damaged/c-truncated.log.gz"] = (gzip[..(gzip.Length / 2)], "corrupt gzip: truncated"),
            ["damaged/d-empty.log.gz"] = ([], "empty object: no data"),
            ["damaged/e-cloudtrail.json"] = ("{\"Records\":[]}\n"u8.ToArray(), "not a flow log: "),
        };
        int[] good = [0, 1, 2, 3];
        foreach (int i in good)
        {
            await _client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = Bucket, Key = $"damaged/a-{i}.log.gz", FilePath = _sample.Objects[i].Path, UseChunkEncoding = false,
            });
        }

        foreach ((string key, (byte[] content, _)) in damaged)
        {
            await _client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = Bucket, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false,
            });
        }

        RunResult result = await FlowLogJob.RunAsync(Source(openAttempts: 2, prefix: "damaged/"), _inventory, Options());
        RunResult clean = await FlowLogJob.RunAsync(Local(good), _inventory, Options());

        Assert.Equal(good.Length + damaged.Count, result.Objects.Count);
        foreach ((string key, (_, string reason)) in damaged)
        {
            ObjectResult o = Assert.Single(result.Objects, o => o.Object.Key == $"s3://{Bucket}/{key}");
            Assert.StartsWith(reason, o.Failure, StringComparison.Ordinal);
            Assert.Equal((0L, 0L), (o.Records, o.Errors.Total));
        }

        Assert.Equal(damaged.Count, result.FailedObjects);
        Assert.Equal(0, result.RejectedLines);
        Assert.Equal(clean.Records, result.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(clean.Aggregation), TrafficTables.BuildEndpointTraffic(result.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(clean.Aggregation), TrafficTables.BuildEniTraffic(result.Aggregation));
        Assert.Equal(damaged.Keys.Select(k => $"s3://{Bucket}/{k}"), RunTables.BuildErrors(result)["object_key"].StringValues!);
    }

    [Fact]
    public async Task RunAsync_AccessDeniedOnOneObject_FailsThatObjectAloneWithoutRetrying()
    {
        // The store refuses the second object to these credentials (as a bucket policy or a KMS key
        // the job may not use would): a real 403 from the server, for that object only.
        using IAmazonS3 denied = s3.CreateClient(endpoint: _server.Endpoint, accessKey: "NOT-ALLOWED", maxErrorRetry: 0);
        S3FlowLogSource allowed = Source(openAttempts: 3);
        var refused = new S3FlowLogSource(denied, S3Location.Parse($"s3://{Bucket}/AWSLogs/"), new S3SourceOptions { OpenAttempts = 3 });
        IReadOnlyList<FlowLogObject> listed = await allowed.ListAsync(CancellationToken.None);
        var source = new KeyListSource(listed, (item, token) => item == listed[1] ? refused.OpenAsync(item, token) : allowed.OpenAsync(item, token));

        RunResult result = await FlowLogJob.RunAsync(source, _inventory, Options());
        RunResult others = await FlowLogJob.RunAsync(Local([.. Enumerable.Range(0, Objects).Where(i => i != 1)]), _inventory, Options());

        ObjectResult failed = Assert.Single(result.Objects, o => o.Failure is not null);
        Assert.Equal(listed[1].Key, failed.Object.Key);
        Assert.Contains("access denied", failed.Failure, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(others.Records, result.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(others.Aggregation), TrafficTables.BuildEndpointTraffic(result.Aggregation));
    }

    // One worker: the fault hits the same object, at the same point, every time.
    private static RunOptions Options() => new() { RunId = "20261103T000000Z-0000f1", Workers = 1, FormatReader = ParquetFlowLogFormat.Instance };

    private S3FlowLogSource Source(int openAttempts, string prefix = "AWSLogs/") => new(_client, S3Location.Parse($"s3://{Bucket}/{prefix}"), new S3SourceOptions
    {
        OpenAttempts = openAttempts, RetryBaseDelay = TimeSpan.FromMilliseconds(50), RetryMaxDelay = TimeSpan.FromMilliseconds(200),
    });

    private LocalFileSource Local(params int[] indexes) =>
        new(indexes.Length == 0 ? [.. _sample.Objects.Select(o => o.Path)] : [.. indexes.Select(i => _sample.Objects[i].Path)]);

    private async Task RestartAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        _server = await S3rverProcess.StartAsync(s3.PackageDirectory, _data, _server.Port);
    }

    /// <summary>
    /// An S3 source that calls <c>fault(index, null)</c> before opening the index-th object of the
    /// listing, and <c>fault(index, stream)</c> after its first read from the body.
    /// </summary>
    private sealed class FaultingSource(S3FlowLogSource inner, Func<int, Stream?, Task> fault) : IFlowLogSource
    {
        private IReadOnlyList<FlowLogObject> _listed = [];

        public async Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken) =>
            _listed = await inner.ListAsync(cancellationToken);

        public async Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken)
        {
            int index = IndexOf(item);
            await fault(index, null);
            Stream body = await inner.OpenAsync(item, cancellationToken);
            return new AfterFirstReadStream(body, () => fault(index, body));
        }

        private int IndexOf(FlowLogObject item)
        {
            for (int i = 0; i < _listed.Count; i++)
            {
                if (_listed[i].Key == item.Key)
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"{item.Key} was not listed.");
        }
    }

    private sealed class AfterFirstReadStream(Stream inner, Func<Task> afterFirstRead) : Stream
    {
        private bool _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken);
            if (!_read)
            {
                _read = true;
                await afterFirstRead();
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
