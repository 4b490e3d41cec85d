namespace FlowAnalytics.Records;

// The closed vocabularies of flow-log fields. Value 0 is never used by a parsed record, so a
// default(T) in a column always means "not set" even before the presence mask is consulted.

/// <summary>The <c>action</c> field.</summary>
public enum FlowAction : byte
{
    /// <summary>Accept</summary>
    Accept = 1,
    /// <summary>Reject</summary>
    Reject = 2,
}

/// <summary>The <c>log-status</c> field.</summary>
public enum LogStatus : byte
{
    /// <summary>Ok</summary>
    Ok = 1,
    /// <summary>NoData</summary>
    NoData = 2,
    /// <summary>SkipData</summary>
    SkipData = 3,
}

/// <summary>The <c>type</c> field.</summary>
public enum TrafficType : byte
{
    /// <summary>IPv4</summary>
    IPv4 = 1,
    /// <summary>IPv6</summary>
    IPv6 = 2,
    /// <summary>Efa</summary>
    Efa = 3,
}

/// <summary>The <c>flow-direction</c> field (relative to the logged interface).</summary>
public enum FlowDirection : byte
{
    /// <summary>Ingress</summary>
    Ingress = 1,
    /// <summary>Egress</summary>
    Egress = 2,
}

/// <summary>The <c>sublocation-type</c> field.</summary>
public enum SublocationType : byte
{
    /// <summary>Wavelength</summary>
    Wavelength = 1,
    /// <summary>Outpost</summary>
    Outpost = 2,
    /// <summary>LocalZone</summary>
    LocalZone = 3,
}
