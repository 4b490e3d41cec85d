namespace FlowAnalytics.Sources;

/// <summary>A source without the objects <paramref name="exclude"/> names (<c>--incremental</c>: those read before).</summary>
public sealed class ExcludingSource(IFlowLogSource inner, Func<FlowLogObject, bool> exclude) : IFlowLogSource
{
    /// <summary>Objects the last listing left out.</summary>
    public int Excluded { get; private set; }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<FlowLogObject> listed = await inner.ListAsync(cancellationToken).ConfigureAwait(false);
        var kept = new List<FlowLogObject>(listed.Count);
        foreach (FlowLogObject item in listed)
        {
            if (!exclude(item))
            {
                kept.Add(item);
            }
        }

        Excluded = listed.Count - kept.Count;
        return kept;
    }

    /// <inheritdoc/>
    public Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken) => inner.OpenAsync(item, cancellationToken);
}
