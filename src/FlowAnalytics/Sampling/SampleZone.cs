namespace FlowAnalytics.Sampling;

/// <summary>
/// An availability zone of the sample scenario: its name (account-specific mapping, <c>us-east-1a</c>)
/// and its AZ id (the physical zone, <c>use1-az1</c>), which is what flow logs' <c>az-id</c> carries.
/// </summary>
internal sealed record SampleZone(string Name, string Id)
{
    /// <summary>The AZ id as UTF-8, written into v4+ records.</summary>
    public byte[] IdUtf8 { get; } = System.Text.Encoding.ASCII.GetBytes(Id);
}
