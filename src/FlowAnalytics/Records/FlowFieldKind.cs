namespace FlowAnalytics.Records;

/// <summary>How a field's text is typed: it decides which parser runs and which column holds it.</summary>
public enum FlowFieldKind : byte
{
    /// <summary>A non-negative integer (ports, protocol, packets, bytes, start, end, tcp-flags, …).</summary>
    Integer,
    /// <summary>An IPv4 or IPv6 address.</summary>
    Address,
    /// <summary>An AWS resource id <c>prefix-hex</c> (eni-, vpc-, subnet-, i-).</summary>
    ResourceId,
    /// <summary>An AWS account id (digits) or <c>unknown</c>.</summary>
    Account,
    /// <summary>One of a closed set of words (action, log-status, type, flow-direction, sublocation-type).</summary>
    Word,
    /// <summary>Free text kept as bytes (region, az-id, service names, ECS names, unknown fields).</summary>
    Text,
}
