namespace FlowAnalytics.Sources;

/// <summary>Where flow-log objects come from: a local tree or an S3 prefix.</summary>
public interface IFlowLogSource
{
    /// <summary>Lists the objects to read, in a stable order.</summary>
    Task<IReadOnlyList<FlowLogObject>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Opens an object for sequential reading of its stored (possibly compressed) bytes.</summary>
    Task<Stream> OpenAsync(FlowLogObject item, CancellationToken cancellationToken);
}
