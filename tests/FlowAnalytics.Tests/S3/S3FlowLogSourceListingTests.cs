using System.Text;
using FlowAnalytics.S3;
using FlowAnalytics.Sources;
using static FlowAnalytics.Tests.S3.DeliveryLayoutKeys;

namespace FlowAnalytics.Tests.S3;

/// <summary>Listing against s3rver: paging, placeholders and hidden keys, and --from/--to pruning in every layout.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3FlowLogSourceListingTests(S3rverFixture s3)
{
    private const string UserPrefix = "exports/flow/";

    // 2026-11-01T00:00Z to 2026-11-03T00:00Z: widened by the key-time slack of an hour, the walk must
    // visit 2026-10-31 23h through 2026-11-03 01h and nothing else.
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Body = Encoding.ASCII.GetBytes("version account-id\n");

    [Fact]
    public async Task ListAsync_MoreThan1000Keys_PagesWithTheDefaultPageSize()
    {
        string bucket = await s3.CreateBucketAsync();
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] keys = Enumerable.Range(0, 1050).Select(i => Key(DeliveryLayout.Default, "", start.AddMinutes(i), (uint)i)).ToArray();
        await s3.PutAllAsync(bucket, keys.Select(k => (k, Body)));
        var source = new S3FlowLogSource(s3.Client, S3Location.Parse($"s3://{bucket}"));

        IReadOnlyList<FlowLogObject> listed = await source.ListAsync(CancellationToken.None);

        Assert.Equal(keys.Select(k => $"s3://{bucket}/{k}").Order(StringComparer.Ordinal), listed.Select(o => o.Key));
        Assert.Equal(2, source.ListRequests);
    }

    [Fact]
    public async Task ListAsync_SmallPageSize_PagesPastPlaceholdersAndHiddenKeys()
    {
        string bucket = await s3.CreateBucketAsync();
        var start = new DateTime(2026, 11, 1, 6, 0, 0, DateTimeKind.Utc);
        string[] keys = Enumerable.Range(0, 40).Select(i => Key(DeliveryLayout.Default, UserPrefix, start.AddMinutes(5 * i), (uint)i)).ToArray();
        await s3.PutAllAsync(bucket, keys.Select(k => (k, Body)));
        // Console "folders" and what the local source hides too: 4 more keys for the pages to cross.
        await s3.PutAllAsync(bucket, new[] { UserPrefix, UserPrefix + "AWSLogs/", UserPrefix + "_manifest/run.json", UserPrefix + "AWSLogs/.tmp-x.log.gz" }
            .Select(k => (k, k.EndsWith('/') ? Array.Empty<byte>() : Body)));
        var source = new S3FlowLogSource(s3.Client, S3Location.Parse($"s3://{bucket}/exports/flow"), new S3SourceOptions { PageSize = 7 });

        IReadOnlyList<FlowLogObject> listed = await source.ListAsync(CancellationToken.None);

        Assert.Equal(keys.Select(k => $"s3://{bucket}/{k}").Order(StringComparer.Ordinal), listed.Select(o => o.Key));
        Assert.Equal(7, source.ListRequests); // 44 keys, 7 a page
        FlowLogObject first = listed[0];
        Assert.Equal(Body.Length, first.Size);
        Assert.Matches("^\"[0-9a-f]{32}\"$", first.ETag);
        Assert.InRange(first.LastModified!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Theory]
    [InlineData(DeliveryLayout.Default, 8, new[] { "10-31T00", "10-31T12", "10-31T23", "11-01T00", "11-01T12", "11-01T23", "11-02T00", "11-02T12", "11-02T23", "11-03T00", "11-03T12", "11-03T23" })]
    [InlineData(DeliveryLayout.Hive, 8, new[] { "10-31T00", "10-31T12", "10-31T23", "11-01T00", "11-01T12", "11-01T23", "11-02T00", "11-02T12", "11-02T23", "11-03T00", "11-03T12", "11-03T23" })]
    [InlineData(DeliveryLayout.Hourly, 10, new[] { "10-31T23", "11-01T00", "11-01T12", "11-01T23", "11-02T00", "11-02T12", "11-02T23", "11-03T00" })]
    [InlineData(DeliveryLayout.HiveHourly, 10, new[] { "10-31T23", "11-01T00", "11-01T12", "11-01T23", "11-02T00", "11-02T12", "11-02T23", "11-03T00" })]
    public async Task ListAsync_Range_ListsOnlyTheDayAndHourFoldersInRange(DeliveryLayout layout, int requests, string[] expectedTimes)
    {
        string bucket = await s3.CreateBucketAsync();
        await PutWeekAsync(bucket, layout);
        var source = new S3FlowLogSource(s3.Client, S3Location.Parse($"s3://{bucket}/exports/flow/"), new S3SourceOptions { From = From, To = To });

        IReadOnlyList<FlowLogObject> listed = await source.ListAsync(CancellationToken.None);

        // 4 requests walk down to the region (user prefix, AWSLogs/, account, service), then one per day
        // 10-31 … 11-03; in the hourly layouts the two partial days add one request per hour folder in range.
        Assert.Equal(expectedTimes.Select(t => $"s3://{bucket}/{KeyAt(layout, t)}"), listed.Select(o => o.Key));
        Assert.Equal(requests, source.ListRequests);
    }

    [Fact]
    public async Task ListAsync_OpenEndedRangeFromTheBucketRoot_DiscoversYearsMonthsAndDays()
    {
        string bucket = await s3.CreateBucketAsync();
        await PutWeekAsync(bucket, DeliveryLayout.Default);
        await s3.PutAsync(bucket, "notes/2026/readme.txt", Body);
        await s3.PutFoldersAsync(bucket, ["notes/2026/readme.txt"]);
        var source = new S3FlowLogSource(s3.Client, S3Location.Parse($"s3://{bucket}"), new S3SourceOptions { From = new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero) });

        IReadOnlyList<FlowLogObject> listed = await source.ListAsync(CancellationToken.None);

        // Keys outside the layouts are kept (as without a range), only flow-log dates are pruned.
        string[] expected = ["11-02T00", "11-02T12", "11-02T23", "11-03T00", "11-03T12", "11-03T23", "11-04T00", "11-04T12", "11-04T23"];
        Assert.Equal(
            expected.Select(t => $"s3://{bucket}/{KeyAt(DeliveryLayout.Default, t)}").Append($"s3://{bucket}/notes/2026/readme.txt"),
            listed.Select(o => o.Key));
        // root, exports/, flow/, AWSLogs/, account, service, region (years), 2026/ (months), 11/ (days),
        // 11-02 (partly in range), 11-03, 11-04, notes/, notes/2026/.
        Assert.Equal(14, source.ListRequests);
    }

    [Fact]
    public async Task ListAsync_RangeOverTwoAccountsAndRegions_WalksEachRegion()
    {
        string bucket = await s3.CreateBucketAsync();
        var day = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        string[] keys =
        [
            Folder(DeliveryLayout.Default, "", day, "111111111111", "eu-west-1") + "a.log.gz",
            Folder(DeliveryLayout.Default, "", day, "111111111111", "us-east-1") + "b.log.gz",
            Folder(DeliveryLayout.Default, "", day, "222222222222", "us-east-1") + "c.log.gz",
            Folder(DeliveryLayout.Default, "", day.AddDays(3), "222222222222", "us-east-1") + "d.log.gz",
        ];
        await s3.PutAllAsync(bucket, keys.Select(k => (k, Body)));
        await s3.PutFoldersAsync(bucket, keys);
        var source = new S3FlowLogSource(s3.Client, S3Location.Parse($"s3://{bucket}"), new S3SourceOptions { From = From, To = From.AddDays(1) });

        IReadOnlyList<FlowLogObject> listed = await source.ListAsync(CancellationToken.None);

        Assert.Equal(keys[..3].Select(k => $"s3://{bucket}/{k}"), listed.Select(o => o.Key));
        // root, AWSLogs/, 2 accounts, 2 service folders, then 3 regions × 3 days (10-31, 11-01, 11-02).
        Assert.Equal(6 + 9, source.ListRequests);
    }

    [Fact]
    public async Task ListAsync_MissingBucket_ThrowsBucketNotFoundNamingIt()
    {
        var source = new S3FlowLogSource(s3.Client, S3Location.Parse("s3://no-such-flow-logs/AWSLogs"));

        var e = await Assert.ThrowsAsync<S3StoreException>(() => source.ListAsync(CancellationToken.None));

        Assert.Equal(S3FailureKind.BucketNotFound, e.Kind);
        Assert.Contains("s3://no-such-flow-logs/AWSLogs/", e.Message, StringComparison.Ordinal);
        Assert.Contains("the bucket does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_WrongCredentials_ThrowsAccessDeniedNamingThePrefix()
    {
        string bucket = await s3.CreateBucketAsync();
        using var stranger = s3.CreateClient(accessKey: "NOT-S3RVER");
        var source = new S3FlowLogSource(stranger, S3Location.Parse($"s3://{bucket}/exports"));

        var e = await Assert.ThrowsAsync<S3StoreException>(() => source.ListAsync(CancellationToken.None));

        Assert.Equal(S3FailureKind.AccessDenied, e.Kind);
        Assert.Contains($"s3://{bucket}/exports/: access denied", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT-S3RVER", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Objects at 00:05, 12:05 and 23:05 on each day 10-29 … 11-04, plus another service's log.</summary>
    private async Task PutWeekAsync(string bucket, DeliveryLayout layout)
    {
        var keys = new List<string>();
        for (var day = new DateTime(2026, 10, 29, 0, 0, 0, DateTimeKind.Utc); day.Day != 5; day = day.AddDays(1))
        {
            keys.AddRange(new[] { 0, 12, 23 }.Select(h => Key(layout, UserPrefix, day.AddHours(h).AddMinutes(5))));
        }

        keys.Add(OtherServiceKey(layout, UserPrefix, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)));
        await s3.PutAllAsync(bucket, keys.Select(k => (k, Body)));
        await s3.PutFoldersAsync(bucket, keys);
    }

    /// <summary>The key <see cref="PutWeekAsync"/> wrote for "MM-ddTHH" (minute 5).</summary>
    private static string KeyAt(DeliveryLayout layout, string monthDayHour) =>
        Key(layout, UserPrefix, DateTime.ParseExact("2026-" + monthDayHour, "yyyy-MM-dd'T'HH", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal).AddMinutes(5));
}
