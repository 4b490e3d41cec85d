using FlowAnalytics.Sources;

namespace FlowAnalytics.Tests.Sources;

public sealed class ObjectShardTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/8", 3, 8)]
    [InlineData("9999/10000", 9999, 10_000)]
    public void Parse_ValidShard_IndexAndCount(string text, int index, int count) =>
        Assert.Equal(new ObjectShard(index, count), ObjectShard.Parse(text));

    [Theory]
    [InlineData("8/8", "the shard index must be between 0 and 7 (got 8)")]
    [InlineData("0/0", "the number of shards must be between 1 and 10000 (got 0)")]
    [InlineData("0/10001", "the number of shards must be between 1 and 10000 (got 10001)")]
    [InlineData("-1/3", "--shard must be i/n")]
    [InlineData("1/", "--shard must be i/n")]
    [InlineData("/3", "--shard must be i/n")]
    [InlineData("a/b", "--shard must be i/n")]
    [InlineData(" 1/3", "--shard must be i/n")]
    public void Parse_Invalid_ThrowsSayingWhy(string text, string message)
    {
        FormatException e = Assert.Throws<FormatException>(() => ObjectShard.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contains_EveryCount_EachKeyInExactlyOneShardAndShardsBalanced()
    {
        string[] keys = [.. Enumerable.Range(0, 5000).Select(i =>
            $"AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/{1 + (i % 28):D2}/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_{i:D8}Z_{i * 7919:x8}.log.gz")];
        foreach (int count in (int[])[1, 2, 3, 7, 64])
        {
            int[] sizes = new int[count];
            foreach (string key in keys)
            {
                int owners = 0;
                for (int i = 0; i < count; i++)
                {
                    if (new ObjectShard(i, count).Contains(key))
                    {
                        owners++;
                        sizes[i]++;
                    }
                }

                Assert.Equal(1, owners);
            }

            // A fair hash: no shard is more than 25% above or below its share.
            Assert.All(sizes, size => Assert.InRange(size, keys.Length / count * 0.75, keys.Length / count * 1.25));
        }
    }

    [Fact]
    public void StableHash_SameObjectInABucketOrALocalCopy_SameValueInEveryProcess()
    {
        const string Relative = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/01/a.log.gz";

        // Pinned: the value must not change between processes, machines or versions, or shards of one
        // split run by different builds would overlap.
        Assert.Equal(0xccf261e84c96eb73UL, ObjectShard.StableHash(Relative));
        Assert.Equal(ObjectShard.StableHash(Relative), ObjectShard.StableHash("s3://my-logs/exports/" + Relative));
        Assert.Equal(ObjectShard.StableHash(Relative), ObjectShard.StableHash("/data/copy/" + Relative));
        Assert.Equal(ObjectShard.StableHash(Relative), ObjectShard.StableHash(@"D:\copy\" + Relative.Replace('/', '\\')));
        Assert.NotEqual(ObjectShard.StableHash(Relative), ObjectShard.StableHash(Relative.Replace("01/a", "01/b", StringComparison.Ordinal)));
    }

    [Fact]
    public void RunId_IsTheSameForEveryRetryOfTheShard() =>
        Assert.Equal("shard-0003-of-0008", ObjectShard.Parse("3/8").RunId);
}
