namespace FlowAnalytics.Aggregation;

/// <summary>
/// The key of a <c>service_paths</c> row: which window, from which subnet (the client's: the
/// instance's own, or the original source behind a NAT gateway), to or from which AWS service, which way.
/// </summary>
/// <param name="WindowStart">Window start in Unix seconds, or <see cref="long.MinValue"/> without a start.</param>
/// <param name="Subnet">Inventory index of the client's subnet, or -1 when outside every known subnet.</param>
/// <param name="Interface">Inventory index of the logging ENI when the subnet is unknown (for its VPC and account), else -1.</param>
/// <param name="Service">Index in <see cref="AwsServiceNames.Names"/>.</param>
/// <param name="Path">How the traffic went.</param>
/// <param name="ToService">True for client → service, false for service → client.</param>
public readonly record struct ServicePathKey(long WindowStart, int Subnet, int Interface, int Service, ServicePath Path, bool ToService);
