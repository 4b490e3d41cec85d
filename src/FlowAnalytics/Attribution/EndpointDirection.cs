namespace FlowAnalytics.Attribution;

/// <summary>Which way endpoint traffic went; <see cref="Unknown"/> where the record cannot tell (NODATA, SKIPDATA).</summary>
public enum EndpointDirection : byte
{
    /// <summary>Neither flow-direction nor the addresses say.</summary>
    Unknown = 0,
    /// <summary>Client → endpoint.</summary>
    ToEndpoint = 1,
    /// <summary>Endpoint → client.</summary>
    FromEndpoint = 2,
}
