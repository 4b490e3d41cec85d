namespace FlowAnalytics.Sources;

/// <summary>Several sources read as one (repeated <c>--source</c>, local and S3 mixed): listings in order, each object opened by the source that listed it.</summary>
public sealed class CompositeFlowLogSource : IFlowLogSource
{
    private readonly IReadOnlyList<IFlowLogSource> _sources;
    private readonly Dictionary<FlowLogObject, IFlowLogSource> _owners = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates a source over <paramref name="sources"/>.</summary>
    public CompositeFlowLogSource(IReadOnlyList<IFlowLogSource> sources) => _sources = sources;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new List<FlowLogObject>();
        foreach (IFlowLogSource source in _sources)
        {
            foreach (FlowLogObject item in await source.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                _owners[item] = source;
                all.Add(item);
            }
        }

        return all;
    }

    /// <inheritdoc/>
    public Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken) =>
        _owners.TryGetValue(item, out IFlowLogSource? owner)
            ? owner.OpenAsync(item, cancellationToken)
            : throw new InvalidOperationException($"{item.Key} was not listed by this source.");
}
