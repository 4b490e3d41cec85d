namespace FlowAnalytics.Analysis.Findings;

/// <summary>What a <see cref="Finding"/> is about.</summary>
public enum FindingKind
{
    /// <summary>An endpoint with an ENI in one AZ only: no redundancy if that AZ fails.</summary>
    SingleAzEndpoint,

    /// <summary>An endpoint AZ carrying (almost) none of its endpoint's traffic: billed hours without use.</summary>
    IdleEndpointAz,

    /// <summary>An endpoint whose bytes come mostly from clients in other AZs than the endpoint ENI they reach.</summary>
    CrossAzHeavy,

    /// <summary>A window in which an endpoint rejected far more than it usually does.</summary>
    RejectSpike,

    /// <summary>A period of windows with SKIPDATA records: records lost, so those windows undercount.</summary>
    SkipdataPeriod,
}
