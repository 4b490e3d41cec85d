using System.Runtime.InteropServices;
using FlowAnalytics.Attribution;
using FlowAnalytics.Inventory;
using FlowAnalytics.Records;

namespace FlowAnalytics.Aggregation;

/// <summary>
/// Records of many batches folded into per-window maps for the <c>endpoint_traffic</c>,
/// <c>eni_traffic</c> and <c>service_paths</c> tables. Not thread-safe. The run holds one; each
/// worker counts an object in a partial of its own (<see cref="NewPartial"/>), which the run
/// absorbs once the object is read whole and which then counts the worker's next object. Memory
/// grows with the number of keys, not of records.
/// </summary>
public sealed partial class WindowAggregator
{
    private readonly EndpointAttributor _attributor;
    private readonly EndpointInventory _inventory;
    private readonly long _windowSeconds;
    private readonly int[] _subnetAz;
    private readonly Dictionary<EndpointTrafficKey, TrafficMetrics> _endpoints = [];
    private readonly Dictionary<EniTrafficKey, TrafficMetrics> _enis = [];
    private readonly Dictionary<ResourceId, EniFacts> _unknownEnis = [];

    // Emptied metrics of keys an earlier object had, for the next object's keys: a partial reused
    // from object to object allocates nothing once the run's map holds its keys.
    private readonly Stack<TrafficMetrics> _spareMetrics = [];

    /// <summary>Creates an empty aggregator.</summary>
    /// <param name="attributor">Attribution over the account's inventory.</param>
    /// <param name="window">Window length; records go to the window their start falls in.</param>
    public WindowAggregator(EndpointAttributor attributor, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        _attributor = attributor;
        _inventory = attributor.Inventory;
        _windowSeconds = (long)window.TotalSeconds;
        (AzIds, _subnetAz) = IndexAzIds(_inventory);
    }

    private WindowAggregator(WindowAggregator like)
    {
        _attributor = like._attributor;
        _inventory = like._inventory;
        _windowSeconds = like._windowSeconds;
        AzIds = like.AzIds;
        _subnetAz = like._subnetAz;
        MinStart = like.MinStart;
        EndBefore = like.EndBefore;
        FlowSlots = like.FlowSlots;
    }

    /// <summary>Records whose start is before this (Unix seconds) are filtered out; with either bound set, so are records without a start.</summary>
    public long MinStart { get; init; } = long.MinValue;

    /// <summary>Records whose start is at or after this (Unix seconds) are filtered out; with either bound set, so are records without a start.</summary>
    public long EndBefore { get; init; } = long.MaxValue;

    /// <summary>Records read but left out by <see cref="MinStart"/> and <see cref="EndBefore"/>.</summary>
    public long FilteredRecords { get; private set; }

    /// <summary>An empty aggregator with the same inventory, window and filter, to <see cref="Absorb"/> into this one later.</summary>
    public WindowAggregator NewPartial() => new(this);

    /// <summary>Window length in seconds.</summary>
    public long WindowSeconds => _windowSeconds;

    /// <summary>The AZ ids clients can be in; <see cref="EndpointTrafficKey.ClientAz"/> indexes this list.</summary>
    public IReadOnlyList<string> AzIds { get; }

    /// <summary>The inventory the keys' indexes refer to.</summary>
    public EndpointInventory Inventory => _inventory;

    /// <summary>Rows of <c>endpoint_traffic</c>.</summary>
    public IReadOnlyDictionary<EndpointTrafficKey, TrafficMetrics> EndpointTraffic => _endpoints;

    /// <summary>Rows of <c>eni_traffic</c>.</summary>
    public IReadOnlyDictionary<EniTrafficKey, TrafficMetrics> EniTraffic => _enis;

    /// <summary>What records said about ENIs missing from the inventory.</summary>
    public IReadOnlyDictionary<ResourceId, EniFacts> UnknownEnis => _unknownEnis;

    /// <summary>Records added (filtered ones included).</summary>
    public long Records { get; private set; }

    /// <summary>Records attributed to an endpoint (either observation).</summary>
    public long EndpointRecords { get; private set; }

    /// <summary>Transit Gateway records: counted, never attributed to endpoint ENIs.</summary>
    public long TransitGatewayRecords { get; private set; }

    /// <summary>The start of the window a start time (Unix seconds) falls in.</summary>
    public long WindowOf(long start) => start - ((start % _windowSeconds) + _windowSeconds) % _windowSeconds;

    /// <summary>
    /// Adds everything <paramref name="partial"/> counted (same inventory and window) and leaves
    /// it empty, ready for its next object. Metrics of keys new here move over; the others are
    /// merged and kept by the partial, to be emptied and reused for its next keys.
    /// </summary>
    public void Absorb(WindowAggregator partial)
    {
        if (partial._windowSeconds != _windowSeconds || !ReferenceEquals(partial._inventory, _inventory))
        {
            throw new ArgumentException("Aggregators differ in window or inventory.", nameof(partial));
        }

        AbsorbMetrics(_endpoints, partial._endpoints, partial._spareMetrics);
        AbsorbMetrics(_enis, partial._enis, partial._spareMetrics);
        MoveOrMerge(_servicePaths, partial._servicePaths, static (mine, theirs) => mine.Merge(theirs));
        MoveOrMerge(_unknownEnis, partial._unknownEnis, static (mine, theirs) => mine.Merge(theirs));
        ServiceFieldRecords += partial.ServiceFieldRecords;
        Records += partial.Records;
        FilteredRecords += partial.FilteredRecords;
        EndpointRecords += partial.EndpointRecords;
        TransitGatewayRecords += partial.TransitGatewayRecords;
        partial.Forget();
    }

    /// <summary>Empties the aggregator (what a failed object counted), keeping its metrics for the next keys.</summary>
    public void Clear()
    {
        foreach (TrafficMetrics metrics in _endpoints.Values)
        {
            _spareMetrics.Push(metrics);
        }

        foreach (TrafficMetrics metrics in _enis.Values)
        {
            _spareMetrics.Push(metrics);
        }

        Forget();
    }

    private static void AbsorbMetrics<TKey>(Dictionary<TKey, TrafficMetrics> target, Dictionary<TKey, TrafficMetrics> source, Stack<TrafficMetrics> spares)
        where TKey : notnull
    {
        foreach ((TKey key, TrafficMetrics metrics) in source)
        {
            ref TrafficMetrics? mine = ref CollectionsMarshal.GetValueRefOrAddDefault(target, key, out _);
            if (mine is null)
            {
                // The run keeps it to the end: without what a reused spare held for another key.
                metrics.Trim();
                mine = metrics;
            }
            else
            {
                mine.Merge(metrics);
                spares.Push(metrics);
            }
        }
    }

    // Rows of the partial's that this aggregator lacks move over; the others merge into its own.
    // The partial forgets them all after (its maps are cleared), so none is shared.
    private static void MoveOrMerge<TKey, TValue>(Dictionary<TKey, TValue> target, Dictionary<TKey, TValue> source, Action<TValue, TValue> merge)
        where TKey : notnull
        where TValue : class
    {
        foreach ((TKey key, TValue value) in source)
        {
            ref TValue? mine = ref CollectionsMarshal.GetValueRefOrAddDefault(target, key, out _);
            if (mine is null)
            {
                mine = value;
            }
            else
            {
                merge(mine, value);
            }
        }
    }

    // Drops every key and count; the metrics the maps held were moved or kept as spares.
    private void Forget()
    {
        _endpoints.Clear();
        _enis.Clear();
        _servicePaths.Clear();
        _unknownEnis.Clear();
        _recentFlows?.Clear();
        _recentEnis?.Clear();
        _recentEndpoints?.Clear();
        Records = FilteredRecords = EndpointRecords = TransitGatewayRecords = ServiceFieldRecords = 0;
    }

    private static (IReadOnlyList<string> AzIds, int[] SubnetAz) IndexAzIds(EndpointInventory inventory)
    {
        var azIds = new List<string>();
        var subnetAz = new int[inventory.Subnets.Count];
        for (int s = 0; s < subnetAz.Length; s++)
        {
            string? az = inventory.Subnets[s].AvailabilityZoneId;
            subnetAz[s] = az is null ? -1 : azIds.IndexOf(az);
            if (az is not null && subnetAz[s] < 0)
            {
                subnetAz[s] = azIds.Count;
                azIds.Add(az);
            }
        }

        return (azIds, subnetAz);
    }
}
