namespace FlowAnalytics.S3;

/// <summary>Where a folder sits in the key layouts S3 delivers flow logs in.</summary>
internal enum FlowLogFolderLevel : byte
{
    /// <summary>Above <c>AWSLogs/</c>: the bucket root or a user prefix.</summary>
    AboveAwsLogs,
    /// <summary><c>AWSLogs/</c> or an organization folder below it: account folders follow.</summary>
    AwsLogs,
    /// <summary>An account folder (<c>123456789012/</c> or <c>aws-account-id=…/</c>): service folders follow.</summary>
    Account,
    /// <summary>The service folder (<c>vpcflowlogs/</c> or <c>aws-service=vpcflowlogs/</c>): region folders follow.</summary>
    Service,
    /// <summary>A region folder or a date folder below it (year, month, day, hour).</summary>
    Date,
    /// <summary>Below a region, but not a date: its keys are read as they are.</summary>
    Unknown,
}
