namespace FlowAnalytics.Sources;

/// <summary>
/// The objects of an explicit list (<c>--keys-from</c>) instead of a listing: nothing is listed,
/// each object is opened by the caller's opener (the S3 or local source it belongs to).
/// </summary>
public sealed class KeyListSource(IReadOnlyList<FlowLogObject> objects, Func<FlowLogObject, CancellationToken, Task<Stream>> open) : IFlowLogSource
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(objects);

    /// <inheritdoc/>
    public Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken) => open(item, cancellationToken);
}
