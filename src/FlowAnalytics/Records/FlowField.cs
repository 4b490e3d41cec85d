namespace FlowAnalytics.Records;

/// <summary>
/// Every field of VPC Flow Logs versions 2–8, in the order AWS documents them. The numeric value
/// is the field's bit in a record's presence mask, so there must never be more than 64.
/// </summary>
public enum FlowField : byte
{
    // Version 2 (the default format).
    /// <summary><c>version</c></summary>
    Version,
    /// <summary><c>account-id</c></summary>
    AccountId,
    /// <summary><c>interface-id</c></summary>
    InterfaceId,
    /// <summary><c>srcaddr</c></summary>
    SrcAddr,
    /// <summary><c>dstaddr</c></summary>
    DstAddr,
    /// <summary><c>srcport</c></summary>
    SrcPort,
    /// <summary><c>dstport</c></summary>
    DstPort,
    /// <summary><c>protocol</c></summary>
    Protocol,
    /// <summary><c>packets</c></summary>
    Packets,
    /// <summary><c>bytes</c></summary>
    Bytes,
    /// <summary><c>start</c></summary>
    Start,
    /// <summary><c>end</c></summary>
    End,
    /// <summary><c>action</c></summary>
    Action,
    /// <summary><c>log-status</c></summary>
    LogStatus,

    // Version 3.
    /// <summary><c>vpc-id</c></summary>
    VpcId,
    /// <summary><c>subnet-id</c></summary>
    SubnetId,
    /// <summary><c>instance-id</c></summary>
    InstanceId,
    /// <summary><c>tcp-flags</c></summary>
    TcpFlags,
    /// <summary><c>type</c></summary>
    Type,
    /// <summary><c>pkt-srcaddr</c></summary>
    PktSrcAddr,
    /// <summary><c>pkt-dstaddr</c></summary>
    PktDstAddr,

    // Version 4.
    /// <summary><c>region</c></summary>
    Region,
    /// <summary><c>az-id</c></summary>
    AzId,
    /// <summary><c>sublocation-type</c></summary>
    SublocationType,
    /// <summary><c>sublocation-id</c></summary>
    SublocationId,

    // Version 5.
    /// <summary><c>pkt-src-aws-service</c></summary>
    PktSrcAwsService,
    /// <summary><c>pkt-dst-aws-service</c></summary>
    PktDstAwsService,
    /// <summary><c>flow-direction</c></summary>
    FlowDirection,
    /// <summary><c>traffic-path</c></summary>
    TrafficPath,

    // Version 7 (ECS).
    /// <summary><c>ecs-cluster-arn</c></summary>
    EcsClusterArn,
    /// <summary><c>ecs-cluster-name</c></summary>
    EcsClusterName,
    /// <summary><c>ecs-container-instance-arn</c></summary>
    EcsContainerInstanceArn,
    /// <summary><c>ecs-container-instance-id</c></summary>
    EcsContainerInstanceId,
    /// <summary><c>ecs-container-id</c></summary>
    EcsContainerId,
    /// <summary><c>ecs-second-container-id</c></summary>
    EcsSecondContainerId,
    /// <summary><c>ecs-service-name</c></summary>
    EcsServiceName,
    /// <summary><c>ecs-task-definition-arn</c></summary>
    EcsTaskDefinitionArn,
    /// <summary><c>ecs-task-arn</c></summary>
    EcsTaskArn,
    /// <summary><c>ecs-task-id</c></summary>
    EcsTaskId,

    // Version 8.
    /// <summary><c>reject-reason</c></summary>
    RejectReason,

    /// <summary>A field this build does not know (v9+ or a Transit Gateway field): kept as raw text.</summary>
    Unknown,
}
