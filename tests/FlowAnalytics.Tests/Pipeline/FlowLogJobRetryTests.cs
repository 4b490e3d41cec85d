using FlowAnalytics.Aggregation;
using FlowAnalytics.Inventory;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Sampling;
using FlowAnalytics.Sources;
using FlowAnalytics.Tests.Parquet;

namespace FlowAnalytics.Tests.Pipeline;

/// <summary>
/// Objects whose bodies fail part way: the job reads them again from the start and counts every
/// record exactly once, or records them as failed with none of their records.
/// </summary>
public sealed class FlowLogJobRetryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly SampleBucketSummary _sample;
    private readonly EndpointInventory _inventory;

    public FlowLogJobRetryTests()
    {
        _sample = SampleBucketGenerator.Generate(new SampleBucketOptions { OutputDirectory = _temp.Path, Records = 20_000, Seed = 5, Files = 6 });
        _inventory = EndpointInventory.Load(_sample.InventoryFiles);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_ResetMidBodyOnce_RereadsAndCountsEachRecordOnce()
    {
        var flaky = new FlakySource(Logs(), failuresPerObject: 1, exception: () => new IOException("connection reset by peer"));

        RunResult clean = await FlowLogJob.RunAsync(Logs(), _inventory, Options());
        RunResult retried = await FlowLogJob.RunAsync(flaky, _inventory, Options());

        Assert.Equal(0, retried.FailedObjects);
        Assert.All(retried.Objects, o => Assert.Equal(2, o.Attempts));
        Assert.Equal(clean.Records, retried.Records);
        SummaryTableAssert.Equal(TrafficTables.BuildEndpointTraffic(clean.Aggregation), TrafficTables.BuildEndpointTraffic(retried.Aggregation));
        SummaryTableAssert.Equal(TrafficTables.BuildEniTraffic(clean.Aggregation), TrafficTables.BuildEniTraffic(retried.Aggregation));
    }

    [Fact]
    public async Task RunAsync_TransientFailureEveryTime_FailsTheObjectAfterTheLastAttemptWithNoRecords()
    {
        var flaky = new FlakySource(Logs(), failuresPerObject: int.MaxValue, exception: () => new SourceReadException("store unavailable", isTransient: true));

        RunResult result = await FlowLogJob.RunAsync(flaky, _inventory, Options() with { ObjectAttempts = 3 });

        Assert.Equal(result.Objects.Count, result.FailedObjects);
        Assert.All(result.Objects, o => Assert.Equal(3, o.Attempts));
        Assert.Equal(0, result.Records);
        Assert.Empty(result.Aggregation.EndpointTraffic);
        Assert.All(result.Objects, o => Assert.Equal("read error: store unavailable", o.Failure));
    }

    [Fact]
    public async Task RunAsync_PermanentFailure_IsNotRetried()
    {
        var flaky = new FlakySource(Logs(), failuresPerObject: int.MaxValue, exception: () => new SourceReadException("access denied", isTransient: false));

        RunResult result = await FlowLogJob.RunAsync(flaky, _inventory, Options());

        Assert.All(result.Objects, o => Assert.Equal(1, o.Attempts));
        Assert.Equal(result.Objects.Count, result.FailedObjects);
    }

    private LocalFileSource Logs() => new([Path.Combine(_temp.Path, "AWSLogs")]);

    private static RunOptions Options() => new() { RunId = "retry", Workers = 2 };

    /// <summary>Serves objects whose body throws half way through for their first N reads.</summary>
    private sealed class FlakySource(IFlowLogSource inner, int failuresPerObject, Func<Exception> exception) : IFlowLogSource
    {
        private readonly Dictionary<string, int> _reads = [];

        public Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public async Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken)
        {
            int reads;
            lock (_reads)
            {
                reads = _reads[item.Key] = _reads.GetValueOrDefault(item.Key) + 1;
            }

            Stream stream = await inner.OpenAsync(item, cancellationToken);
            return reads <= failuresPerObject ? new FailingHalfWay(stream, item.Size / 2, exception) : stream;
        }
    }

    private sealed class FailingHalfWay(Stream inner, long failAt, Func<Exception> exception) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= failAt)
            {
                throw exception();
            }

            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, failAt - _position)]);
            _position += read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

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
