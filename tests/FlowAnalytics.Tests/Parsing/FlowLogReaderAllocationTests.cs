using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Parsing;

public class FlowLogReaderAllocationTests
{
    private const string DefaultLine =
        "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 443 6 20 4249 1418530010 1418530070 ACCEPT OK\n";

    private const string V5Header =
        "version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status\n";

    private const string V5Line =
        "5 10.0.0.71 52.95.128.179 34210 443 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-0abcdefab01234567 subnet-0aaaaaaaa01234567 i-0c50d5961bcb2d47b eni-01235b8ca12345678 us-east-1 use1-az1 - - ACCEPT 3 10.0.0.71 2001:db8::5 - S3 8 egress OK\n";

    private static bool IsOptimized() =>
        typeof(FlowLogReader).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false) is not [System.Diagnostics.DebuggableAttribute { IsJITOptimizerDisabled: true }];

    [Theory]
    [InlineData("", DefaultLine)]
    [InlineData(V5Header, V5Line)]
    public async Task ReadBatchAsync_SteadyState_AllocatesNothingPerRecord(string header, string line)
    {
        byte[] input = Encoding.ASCII.GetBytes(header + string.Concat(Enumerable.Repeat(line, 200_000)));
        await using var reader = new FlowLogReader(SegmentedInput.Whole(input));
        var batch = new FlowRecordBatch();

        // Warm up past tiering (methods called 30 times are re-jitted; installing that can allocate
        // on the calling thread), then measure three windows: a per-record allocation shows in all
        // of them, a one-off runtime event in at most one.
        for (int i = 0; i < 40; i++)
        {
            Assert.True(await reader.ReadBatchAsync(batch));
        }

        long allocated = long.MaxValue;
        long records = 0;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 15; i++)
            {
                Assert.True(await reader.ReadBatchAsync(batch));
                records += batch.Count;
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(45 * FlowRecordBatch.DefaultCapacity, records);
        Assert.Equal(0, reader.Errors.Total);
        // A Debug build compiles async methods into classes (one box per call), so this claim is
        // about the Release build the README's test command uses.
        Assert.True(allocated == 0, $"allocated {allocated} bytes over {records} records (engine optimized: {IsOptimized()})");
    }
}
