using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// Collects entries from any number of files and pages, then joins them into an
/// <see cref="EndpointInventory"/>: ENIs to their subnet (zone id when the ENI lacks one) and to
/// their endpoint, and every ENI, subnet and VPC to a dense index. An id seen twice (overlapping
/// pages, the same command saved twice) keeps its first entry, so indexes follow first appearance.
/// </summary>
internal sealed class InventoryBuilder
{
    private const string EndpointDescriptionPrefix = "VPC Endpoint Interface ";
    private readonly List<NetworkInterfaceEntry> _interfaces = [];
    private readonly HashSet<ResourceId> _interfaceIds = [];
    private readonly List<VpcEndpointEntry> _endpoints = [];
    private readonly HashSet<string> _endpointIds = new(StringComparer.Ordinal);
    private readonly List<SubnetEntry> _subnets = [];
    private readonly HashSet<string> _subnetIds = new(StringComparer.Ordinal);

    /// <summary>Adds an ENI unless its id was seen.</summary>
    public void Add(NetworkInterfaceEntry entry)
    {
        if (_interfaceIds.Add(entry.ResourceId))
        {
            _interfaces.Add(entry);
        }
    }

    /// <summary>Adds an endpoint unless its id was seen.</summary>
    public void Add(VpcEndpointEntry entry)
    {
        if (_endpointIds.Add(entry.Id))
        {
            _endpoints.Add(entry);
        }
    }

    /// <summary>Adds a subnet unless its id was seen.</summary>
    public void Add(SubnetEntry entry)
    {
        if (_subnetIds.Add(entry.Id))
        {
            _subnets.Add(entry);
        }
    }

    /// <summary>Joins what was added into an immutable inventory.</summary>
    public EndpointInventory Build()
    {
        var vpcs = new List<string>();
        var vpcIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int VpcOf(string? id)
        {
            if (id is null)
            {
                return -1;
            }

            if (!vpcIndex.TryGetValue(id, out int index))
            {
                index = vpcs.Count;
                vpcIndex.Add(id, index);
                vpcs.Add(id);
            }

            return index;
        }

        var subnets = new SubnetEntry[_subnets.Count];
        var subnetIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < subnets.Length; i++)
        {
            subnets[i] = _subnets[i] with { Index = i, VpcIndex = VpcOf(_subnets[i].VpcId) };
            subnetIndex.Add(subnets[i].Id, i);
        }

        var endpoints = new List<VpcEndpointEntry>(_endpoints.Count);
        var endpointIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var endpointOfInterface = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (VpcEndpointEntry endpoint in _endpoints)
        {
            int index = endpoints.Count;
            endpoints.Add(endpoint with { Index = index });
            endpointIndex.Add(endpoint.Id, index);
            foreach (string interfaceId in endpoint.NetworkInterfaceIds)
            {
                endpointOfInterface.TryAdd(interfaceId, index);
            }
        }

        // Endpoints known only from ENI descriptions collect their ENIs and subnets here.
        var undescribed = new Dictionary<int, (List<string> Interfaces, List<string> Subnets)>();
        var interfaces = new List<NetworkInterfaceEntry>(_interfaces.Count);
        foreach (NetworkInterfaceEntry raw in _interfaces)
        {
            SubnetEntry? subnet = raw.SubnetId is not null && subnetIndex.TryGetValue(raw.SubnetId, out int s) ? subnets[s] : null;
            string? zone = raw.AvailabilityZone ?? subnet?.AvailabilityZone;
            string? vpcId = raw.VpcId ?? subnet?.VpcId;
            string? region = raw.Region ?? RegionNames.FromAvailabilityZone(zone);

            // The endpoint's own list of ENIs is the API's relation; the description is the fallback
            // for ENIs of endpoints missing from (or listed after) the describe-vpc-endpoints output.
            string? describedEndpoint = EndpointIdFromDescription(raw.Description);
            if (!endpointOfInterface.TryGetValue(raw.Id, out int endpoint))
            {
                endpoint = -1;
                if (describedEndpoint is not null && !endpointIndex.TryGetValue(describedEndpoint, out endpoint))
                {
                    endpoint = endpoints.Count;
                    endpointIndex.Add(describedEndpoint, endpoint);
                    endpoints.Add(new VpcEndpointEntry
                    {
                        Index = endpoint,
                        Id = describedEndpoint,
                        VpcId = vpcId,
                        OwnerId = raw.OwnerId,
                        Region = region,
                        IsDescribed = false,
                    });
                    undescribed.Add(endpoint, ([], []));
                }

                if (undescribed.TryGetValue(endpoint, out var members))
                {
                    members.Interfaces.Add(raw.Id);
                    if (raw.SubnetId is not null && !members.Subnets.Contains(raw.SubnetId))
                    {
                        members.Subnets.Add(raw.SubnetId);
                    }
                }
            }

            // An ENI without a zone takes the region from its endpoint's service name, and an endpoint
            // whose service name has none (some partner services) takes it from its ENIs' zone.
            if (endpoint >= 0 && region is null)
            {
                region = endpoints[endpoint].Region;
            }
            else if (endpoint >= 0 && endpoints[endpoint].Region is null)
            {
                endpoints[endpoint] = endpoints[endpoint] with { Region = region };
            }

            interfaces.Add(raw with
            {
                Index = interfaces.Count,
                VpcId = vpcId,
                VpcIndex = VpcOf(vpcId),
                SubnetIndex = subnet?.Index ?? -1,
                AvailabilityZone = zone,
                AvailabilityZoneId = raw.AvailabilityZoneId ?? subnet?.AvailabilityZoneId,
                Region = region,
                IsEndpointInterface = endpoint >= 0 || raw.InterfaceType == "vpc_endpoint",
                EndpointIndex = endpoint,
            });
        }

        AddUndescribedInterfaces(interfaces, endpoints, VpcOf);
        foreach ((int index, var members) in undescribed)
        {
            endpoints[index] = endpoints[index] with { NetworkInterfaceIds = members.Interfaces.ToArray(), SubnetIds = members.Subnets.ToArray() };
        }

        return new EndpointInventory(interfaces.ToArray(), endpoints.ToArray(), subnets, vpcs.ToArray());
    }

    /// <summary>
    /// ENIs an endpoint lists that describe-network-interfaces did not: flow records name them as
    /// interface-id, so they must resolve to their endpoint even without addresses or a zone.
    /// </summary>
    private void AddUndescribedInterfaces(List<NetworkInterfaceEntry> interfaces, List<VpcEndpointEntry> endpoints, Func<string?, int> vpcOf)
    {
        var seen = new HashSet<ResourceId>(_interfaceIds);
        for (int e = 0; e < endpoints.Count; e++)
        {
            VpcEndpointEntry endpoint = endpoints[e];
            foreach (string id in endpoint.NetworkInterfaceIds)
            {
                var resourceId = ResourceId.Parse(id, "eni-");
                if (!seen.Add(resourceId))
                {
                    continue;
                }

                interfaces.Add(new NetworkInterfaceEntry
                {
                    Index = interfaces.Count,
                    Id = id,
                    ResourceId = resourceId,
                    VpcId = endpoint.VpcId,
                    VpcIndex = vpcOf(endpoint.VpcId),
                    Region = endpoint.Region,
                    OwnerId = endpoint.OwnerId,
                    IsEndpointInterface = true,
                    EndpointIndex = e,
                    IsDescribed = false,
                });
            }
        }
    }

    /// <summary>The <c>vpce-…</c> id in a <c>VPC Endpoint Interface vpce-…</c> description, or null.</summary>
    internal static string? EndpointIdFromDescription(string? description)
    {
        if (description is null || !description.StartsWith(EndpointDescriptionPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        ReadOnlySpan<char> rest = description.AsSpan(EndpointDescriptionPrefix.Length);
        int end = rest.IndexOf(' ');
        ReadOnlySpan<char> token = end < 0 ? rest : rest[..end];
        int digits = token.Length - "vpce-".Length;
        if (!token.StartsWith("vpce-", StringComparison.Ordinal) || digits is < 1 or > ResourceId.MaxDigits
            || token["vpce-".Length..].ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            return null;
        }

        return token.ToString();
    }
}
