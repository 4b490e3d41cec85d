using Amazon.S3.Model;
using FlowAnalytics.Sources;

namespace FlowAnalytics.S3;

/// <summary>
/// Lists the keys under a prefix that can hold records of a time range without listing the whole
/// bucket: it walks down to the region folders with delimiter listings (following only
/// <c>AWSLogs/</c>, account or organization folders and the flow-log service folder once it is
/// below <c>AWSLogs/</c>), then lists only the day folders that overlap the range, and inside a day
/// the range only partly covers, only the hour folders that overlap it.
/// </summary>
/// <remarks>
/// The range is widened by <see cref="FlowLogKey.Slack"/> on both sides, exactly as the job prunes
/// objects by the time in their name, so no object the job would read is left unlisted. For a range
/// of at most <see cref="MaxComputedDays"/> days the day folders are named from the range (one
/// request each, present or not); for a longer or open range the year and month folders are listed
/// to find the days that exist. Keys beside the layout (an unknown folder below a region) are listed
/// whole rather than missed.
/// </remarks>
internal sealed class FlowLogPrefixWalk
{
    /// <summary>The longest range whose day folders are named rather than discovered.</summary>
    public const int MaxComputedDays = 31;

    private readonly S3ObjectLister _lister;
    private readonly DateTime _low;
    private readonly DateTime _high;
    private readonly List<S3Object> _found = [];

    /// <summary>A walk for records starting in [<paramref name="from"/>, <paramref name="to"/>); either may be open.</summary>
    public FlowLogPrefixWalk(S3ObjectLister lister, DateTimeOffset? from, DateTimeOffset? to)
    {
        _lister = lister;
        _low = from is { } f && f.UtcDateTime > DateTime.MinValue + FlowLogKey.Slack ? (f - FlowLogKey.Slack).UtcDateTime : DateTime.MinValue;
        _high = to is { } t && t.UtcDateTime < DateTime.MaxValue - FlowLogKey.Slack ? (t + FlowLogKey.Slack).UtcDateTime : DateTime.MaxValue;
    }

    /// <summary>Walks from <paramref name="prefix"/> and returns the objects found, in no particular order.</summary>
    public async Task<List<S3Object>> RunAsync(string prefix, CancellationToken cancellationToken)
    {
        await VisitAsync(FlowLogFolder.Parse(prefix), cancellationToken).ConfigureAwait(false);
        return _found;
    }

    private async Task VisitAsync(FlowLogFolder folder, CancellationToken cancellationToken)
    {
        if (folder.Level == FlowLogFolderLevel.Unknown
            || (folder.Level == FlowLogFolderLevel.Date && (folder.DateParts == 4 || IsInside(folder))))
        {
            // An hour, a folder wholly in range, or one outside the layout: nothing below it can be
            // pruned by time any more, so the whole subtree is taken.
            var objects = new List<S3Object>();
            await _lister.ListTreeAsync(folder.Prefix, objects, cancellationToken).ConfigureAwait(false);
            Add(objects);
            return;
        }

        if (folder.Level == FlowLogFolderLevel.Date && folder.DateParts == 0 && ComputedDays() is { } days)
        {
            await VisitAllAsync(days.Select(day => FlowLogFolder.Parse(FlowLogFolder.DayPrefix(folder.RegionPrefix, folder.Hive, day))), cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        var level = new List<S3Object>();
        List<string> children = await _lister.ListLevelAsync(folder.Prefix, level, cancellationToken).ConfigureAwait(false);
        Add(level);
        await VisitAllAsync(Follow(folder, children), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The sub-folders worth visiting, by what <paramref name="folder"/> is.</summary>
    private IEnumerable<FlowLogFolder> Follow(FlowLogFolder folder, List<string> children)
    {
        var visible = children.Where(c => !IsHidden(FlowLogFolder.LastSegment(c))).ToList();
        IEnumerable<string> followed = folder.Level switch
        {
            // A bucket or user prefix holding AWSLogs/ may hold much else; only AWSLogs/ matters then.
            FlowLogFolderLevel.AboveAwsLogs when visible.Any(c => FlowLogFolder.LastSegment(c) == "AWSLogs") =>
                visible.Where(c => FlowLogFolder.LastSegment(c) == "AWSLogs"),
            FlowLogFolderLevel.AwsLogs => visible.Where(c => FlowLogFolder.IsAccountOrOrganization(FlowLogFolder.LastSegment(c))),
            // Other services' logs (CloudTrail/, elasticloadbalancing/) share the account folder.
            FlowLogFolderLevel.Account => visible.Where(c => FlowLogFolder.IsService(FlowLogFolder.LastSegment(c))),
            _ => visible,
        };
        return followed.Select(FlowLogFolder.Parse).Where(child => child.Level != FlowLogFolderLevel.Date || Overlaps(child));
    }

    private Task VisitAllAsync(IEnumerable<FlowLogFolder> folders, CancellationToken cancellationToken) =>
        Task.WhenAll(folders.Select(f => VisitAsync(f, cancellationToken)));

    /// <summary>The UTC days the range touches, when they are few enough to name; null otherwise.</summary>
    private IEnumerable<DateOnly>? ComputedDays()
    {
        if (_low == DateTime.MinValue || _high == DateTime.MaxValue)
        {
            return null;
        }

        var first = DateOnly.FromDateTime(_low);
        var last = DateOnly.FromDateTime(_high);
        int count = last.DayNumber - first.DayNumber + 1;
        return count <= MaxComputedDays ? Enumerable.Range(0, count).Select(first.AddDays) : null;
    }

    private bool Overlaps(FlowLogFolder folder) => folder.Start <= _high && folder.End > _low;

    private bool IsInside(FlowLogFolder folder) => folder.Start >= _low && folder.End <= _high;

    private void Add(List<S3Object> objects)
    {
        lock (_found)
        {
            _found.AddRange(objects);
        }
    }

    /// <summary>Folders starting with '.' or '_' are hidden, as for local sources (and <c>_manifest/</c> is ours).</summary>
    internal static bool IsHidden(string segment) => segment.StartsWith('.') || segment.StartsWith('_');
}
