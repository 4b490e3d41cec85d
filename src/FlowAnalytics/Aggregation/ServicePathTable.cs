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

        rows.Sort(static (a, b) => CompareKeys(a.Text, a.Window, b.Text, b.Window));

        // A leg whose client is in no known subnet is keyed by its ENI, for the ENI's account,
        // region and VPC; the table names no ENI, so such legs of one VPC are one row, not several
        // that only the map told apart (and in whatever order the map held them).
        int kept = 0;
        for (int r = 0; r < rows.Count; r++)
        {
            if (kept > 0 && CompareKeys(rows[kept - 1].Text, rows[kept - 1].Window, rows[r].Text, rows[r].Window) == 0)
            {
                var sum = new ServicePathMetrics();
                sum.Merge(rows[kept - 1].Metrics);
                sum.Merge(rows[r].Metrics);
                rows[kept - 1] = (rows[kept - 1].Text, rows[kept - 1].Window, sum);
            }
            else
            {
                rows[kept++] = rows[r];
            }
        }

        rows.RemoveRange(kept, rows.Count - kept);

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

        return new SummaryTable(Name, rows.Count, columns);
    }

    private static int CompareKeys(string?[] a, long? aWindow, string?[] b, long? bWindow)
    {
        int c = Nullable.Compare(aWindow, bWindow);
        for (int i = 1; c == 0 && i < a.Length; i++)
        {
            c = string.CompareOrdinal(a[i], b[i]);
        }

        return c;
    }
}
