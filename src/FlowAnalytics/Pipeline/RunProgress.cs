namespace FlowAnalytics.Pipeline;

/// <summary>How far a run has come.</summary>
/// <param name="ObjectsDone">Objects finished (read, failed or pruned).</param>
/// <param name="ObjectsTotal">Objects listed.</param>
/// <param name="BytesDone">Stored bytes of the finished objects.</param>
/// <param name="BytesTotal">Stored bytes of all objects.</param>
/// <param name="Records">Records aggregated so far.</param>
public readonly record struct RunProgress(int ObjectsDone, int ObjectsTotal, long BytesDone, long BytesTotal, long Records);
