using FlowAnalytics.Attribution;
using FlowAnalytics.Inventory;

namespace FlowAnalytics.Aggregation;

/// <summary>Turns an aggregator's maps into the <c>endpoint_traffic</c> and <c>eni_traffic</c> tables, rows in key order.</summary>
public static class TrafficTables
{
    /// <summary>The table of endpoint traffic.</summary>
    public const string EndpointTraffic = "endpoint_traffic";

    /// <summary>The table of every ENI's traffic.</summary>
    public const string EniTraffic = "eni_traffic";

    /// <summary>The column both tables are partitioned by (its UTC date).</summary>
    public const string PartitionColumn = "window_start";

    private static readonly string[] EndpointKeyColumns =
    [
        "window_start", "account_id", "region", "vpc_id", "vpc_endpoint_id", "service_name", "eni_id",
        "az", "az_id", "subnet_id", "client_az_id", "direction", "observed_at",
    ];

    private static readonly string[] EniKeyColumns =
    [
        "window_start", "account_id", "region", "vpc_id", "eni_id", "az_id", "direction", "interface_type",
    ];

    /// <summary>Builds <c>endpoint_traffic</c>.</summary>
    public static SummaryTable BuildEndpointTraffic(WindowAggregator aggregator)
    {
        var keys = new List<EndpointTrafficKey>(aggregator.EndpointTraffic.Keys);
        EndpointInventory inventory = aggregator.Inventory;
        keys.Sort((a, b) =>
        {
            int c = a.WindowStart.CompareTo(b.WindowStart);
            c = c != 0 ? c : string.CompareOrdinal(inventory.Interfaces[a.EndpointInterface].Id, inventory.Interfaces[b.EndpointInterface].Id);
            c = c != 0 ? c : a.ClientAz.CompareTo(b.ClientAz);
            c = c != 0 ? c : a.Direction.CompareTo(b.Direction);
            return c != 0 ? c : a.ObservedAt.CompareTo(b.ObservedAt);
        });

        SummaryColumn[] key = CreateKeyColumns(EndpointKeyColumns, keys.Count);
        var metrics = new TrafficMetricColumns(keys.Count);
        for (int row = 0; row < keys.Count; row++)
        {
            EndpointTrafficKey k = keys[row];
            NetworkInterfaceEntry eni = inventory.Interfaces[k.EndpointInterface];
            VpcEndpointEntry? endpoint = eni.EndpointIndex >= 0 ? inventory.Endpoints[eni.EndpointIndex] : null;
            key[0].Int64Values![row] = Window(k.WindowStart);
            string?[] text =
            [
                null, eni.OwnerId ?? endpoint?.OwnerId, eni.Region ?? endpoint?.Region, eni.VpcId ?? endpoint?.VpcId,
                endpoint?.Id, endpoint?.ServiceName, eni.Id, eni.AvailabilityZone, eni.AvailabilityZoneId, eni.SubnetId,
                k.ClientAz >= 0 ? aggregator.AzIds[k.ClientAz] : null, DirectionName(k.Direction), ObservedAtName(k.ObservedAt),
            ];
            for (int c = 1; c < text.Length; c++)
            {
                key[c].StringValues![row] = text[c];
            }

            metrics.Fill(row, aggregator.EndpointTraffic[k]);
        }

        return new SummaryTable(EndpointTraffic, keys.Count, [.. key, .. metrics.Columns]);
    }

    /// <summary>Builds <c>eni_traffic</c>.</summary>
    public static SummaryTable BuildEniTraffic(WindowAggregator aggregator)
    {
        var keys = new List<EniTrafficKey>(aggregator.EniTraffic.Keys);
        keys.Sort((a, b) =>
        {
            int c = a.WindowStart.CompareTo(b.WindowStart);
            c = c != 0 ? c : a.Eni.Packed.CompareTo(b.Eni.Packed);
            c = c != 0 ? c : a.Account.Packed.CompareTo(b.Account.Packed);
            return c != 0 ? c : a.Direction.CompareTo(b.Direction);
        });

        EndpointInventory inventory = aggregator.Inventory;
        SummaryColumn[] key = CreateKeyColumns(EniKeyColumns, keys.Count);
        var metrics = new TrafficMetricColumns(keys.Count);
        for (int row = 0; row < keys.Count; row++)
        {
            EniTrafficKey k = keys[row];
            NetworkInterfaceEntry? eni = inventory.TryFindInterface(k.Eni, out int index) ? inventory.Interfaces[index] : null;
            EniFacts? facts = eni is null ? aggregator.UnknownEnis.GetValueOrDefault(k.Eni) : null;
            key[0].Int64Values![row] = Window(k.WindowStart);
            string?[] text =
            [
                null, k.Account == default ? eni?.OwnerId : k.Account.ToString(), eni?.Region ?? facts?.Region,
                eni?.VpcId ?? facts?.VpcId, eni?.Id ?? k.Eni.Format("eni-"), eni?.AvailabilityZoneId ?? facts?.AzId,
                k.Direction switch { 1 => "ingress", 2 => "egress", _ => null }, eni?.InterfaceType,
            ];
            for (int c = 1; c < text.Length; c++)
            {
                key[c].StringValues![row] = text[c];
            }

            metrics.Fill(row, aggregator.EniTraffic[k]);
        }

        return new SummaryTable(EniTraffic, keys.Count, [.. key, .. metrics.Columns]);
    }

    /// <summary>The text of a direction in the output, or null.</summary>
    public static string? DirectionName(EndpointDirection direction) => direction switch
    {
        EndpointDirection.ToEndpoint => "to_endpoint",
        EndpointDirection.FromEndpoint => "from_endpoint",
        _ => null,
    };

    /// <summary>The text of an observation point in the output.</summary>
    public static string ObservedAtName(ObservedAt observedAt) =>
        observedAt == ObservedAt.EndpointEni ? "endpoint_eni" : "client_eni";

    private static long? Window(long windowStart) =>
        windowStart == long.MinValue ? null : TrafficMetricColumns.Microseconds(windowStart);

    private static SummaryColumn[] CreateKeyColumns(string[] names, int rows)
    {
        var columns = new SummaryColumn[names.Length];
        for (int c = 0; c < names.Length; c++)
        {
            columns[c] = SummaryColumn.Create(names[c], c == 0 ? SummaryColumnType.Timestamp : SummaryColumnType.String, rows);
        }

        return columns;
    }
}
