using FlowAnalytics.Inventory;

namespace FlowAnalytics.Aggregation;

/// <summary>Turns an aggregator's service paths into the <c>service_paths</c> table, rows in key order.</summary>
public static class ServicePathTable
{
    /// <summary>The table's name.</summary>
    public const string Name = "service_paths";

    /// <summary>The summed columns, last in the table; every column before them is part of the key.</summary>
    public static IReadOnlyList<string> CountColumns { get; } = ["records", "packets", "bytes"];

    private static readonly string[] KeyColumns =
        ["window_start", "account_id", "region", "vpc_id", "subnet_id", "az_id", "aws_service", "path", "direction"];

    /// <summary>The text of a path in the output, or null when the record does not say.</summary>
    public static string? PathName(ServicePath path) => path switch
    {
        ServicePath.GatewayEndpoint => "gateway_endpoint",
        ServicePath.InterfaceEndpoint => "interface_endpoint",
        ServicePath.NatGateway => "nat_gateway",
        ServicePath.InternetGateway => "internet_gateway",
        ServicePath.InternetGatewayOrGatewayEndpoint => "internet_gateway_or_gateway_endpoint",
        ServicePath.Other => "other",
        _ => null,
    };

    /// <summary>Builds <c>service_paths</c>.</summary>
    public static SummaryTable Build(WindowAggregator aggregator)
    {
        EndpointInventory inventory = aggregator.Inventory;
        var rows = new List<(string?[] Text, long? Window, ServicePathMetrics Metrics)>(aggregator.ServicePaths.Count);
        foreach ((ServicePathKey k, ServicePathMetrics m) in aggregator.ServicePaths)
        {
            SubnetEntry? subnet = k.Subnet >= 0 ? inventory.Subnets[k.Subnet] : null;
            NetworkInterfaceEntry? eni = k.Interface >= 0 ? inventory.Interfaces[k.Interface] : null;
            string?[] text =
            [
                null, subnet?.OwnerId ?? eni?.OwnerId, subnet?.Region ?? eni?.Region, subnet?.VpcId ?? eni?.VpcId, subnet?.Id,
                subnet?.AvailabilityZoneId, AwsServiceNames.Names[k.Service], PathName(k.Path), k.ToService ? "to_service" : "from_service",
            ];
            rows.Add((text, k.WindowStart == long.MinValue ? null : TrafficMetricColumns.Microseconds(k.WindowStart), m));
        }

        rows.Sort(static (a, b) =>
        {
            int c = Nullable.Compare(a.Window, b.Window);
            for (int i = 1; c == 0 && i < a.Text.Length; i++)
            {
                c = string.CompareOrdinal(a.Text[i], b.Text[i]);
            }

            return c;
        });

        var columns = new SummaryColumn[KeyColumns.Length + CountColumns.Count];
        for (int c = 0; c < KeyColumns.Length; c++)
        {
            columns[c] = SummaryColumn.Create(KeyColumns[c], c == 0 ? SummaryColumnType.Timestamp : SummaryColumnType.String, rows.Count);
        }

        for (int c = 0; c < CountColumns.Count; c++)
        {
            columns[KeyColumns.Length + c] = SummaryColumn.Create(CountColumns[c], SummaryColumnType.Int64, rows.Count);
        }

        for (int r = 0; r < rows.Count; r++)
        {
            columns[0].Int64Values![r] = rows[r].Window;
            for (int c = 1; c < KeyColumns.Length; c++)
            {
                columns[c].StringValues![r] = rows[r].Text[c];
            }

            columns[KeyColumns.Length].Int64Values![r] = rows[r].Metrics.Records;
            columns[KeyColumns.Length + 1].Int64Values![r] = rows[r].Metrics.Packets;
            columns[KeyColumns.Length + 2].Int64Values![r] = rows[r].Metrics.Bytes;
        }

        // A leg whose client is in no known subnet is keyed by its ENI, for the ENI's account,
        // region and VPC; the table names no ENI, so legs of one VPC that only the map told apart
        // become one row, as merge makes them (and not in whatever order the map held them).
        return SummaryRowMerger.Merge([new SummaryTable(Name, rows.Count, columns)]);
    }

}
