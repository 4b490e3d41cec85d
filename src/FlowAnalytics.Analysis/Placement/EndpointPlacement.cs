using FlowAnalytics.Inventory;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Placement;

/// <summary>
/// Where the interface endpoints are: every endpoint × AZ the inventory lists (so AZs without any
/// traffic count too) and every one the <c>endpoint_traffic</c> table shows. Without an inventory,
/// only endpoint AZs that carried traffic are known.
/// </summary>
public static class EndpointPlacement
{
    /// <summary>Endpoint AZs from <paramref name="inventory"/> (may be null) and the traffic, ordered by endpoint and AZ.</summary>
    public static IReadOnlyList<EndpointAz> From(DataFrame endpointTraffic, EndpointInventory? inventory)
    {
        ArgumentNullException.ThrowIfNull(endpointTraffic);
        var placed = new Dictionary<(string Endpoint, string Az), EndpointAz>();
        if (inventory is not null)
        {
            foreach (NetworkInterfaceEntry eni in inventory.Interfaces)
            {
                if (eni.EndpointIndex < 0 || eni.AvailabilityZoneId is null)
                {
                    continue;
                }

                VpcEndpointEntry endpoint = inventory.Endpoints[eni.EndpointIndex];
                if (endpoint.Type is not null && !endpoint.Type.Equals("Interface", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                placed.TryAdd(
                    (endpoint.Id, eni.AvailabilityZoneId),
                    new EndpointAz(endpoint.Id, endpoint.ServiceName, eni.OwnerId ?? endpoint.OwnerId, eni.Region ?? endpoint.Region, eni.AvailabilityZoneId, eni.Id, true));
            }
        }

        DataFrameColumn endpoints = endpointTraffic.Columns["vpc_endpoint_id"], services = endpointTraffic.Columns["service_name"],
            accounts = endpointTraffic.Columns["account_id"], regions = endpointTraffic.Columns["region"],
            azs = endpointTraffic.Columns["az_id"], enis = endpointTraffic.Columns["eni_id"];
        for (long row = 0; row < endpointTraffic.Rows.Count; row++)
        {
            if (endpoints[row] is string endpoint && azs[row] is string az)
            {
                placed.TryAdd(
                    (endpoint, az),
                    new EndpointAz(endpoint, (string?)services[row], (string?)accounts[row], (string?)regions[row], az, (string?)enis[row], false));
            }
        }

        return placed.Values
            .OrderBy(p => p.VpcEndpointId, StringComparer.Ordinal)
            .ThenBy(p => p.AzId, StringComparer.Ordinal)
            .ToList();
    }
}
