namespace FlowAnalytics.Parsing;

// The text reader is one of the job's batch readers; its members already have the interface's shape.
public sealed partial class FlowLogReader : IFlowBatchReader;
