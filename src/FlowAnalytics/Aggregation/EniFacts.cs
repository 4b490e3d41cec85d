namespace FlowAnalytics.Aggregation;

/// <summary>
/// What the records themselves say about an ENI the inventory does not know (v3+ vpc-id, v4+
/// region and az-id), kept from the first record that has each.
/// </summary>
public sealed class EniFacts
{
    /// <summary>The VPC id, or null.</summary>
    public string? VpcId { get; set; }

    /// <summary>The region, or null.</summary>
    public string? Region { get; set; }

    /// <summary>The AZ id, or null.</summary>
    public string? AzId { get; set; }

    /// <summary>Fills what this lacks from <paramref name="other"/>.</summary>
    public void Merge(EniFacts other)
    {
        VpcId ??= other.VpcId;
        Region ??= other.Region;
        AzId ??= other.AzId;
    }
}
