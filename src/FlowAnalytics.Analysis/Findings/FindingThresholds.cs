namespace FlowAnalytics.Analysis.Findings;

/// <summary>When something becomes a <see cref="Finding"/>. The defaults suit a day of logs; every one can be changed.</summary>
public sealed record FindingThresholds
{
    /// <summary>An endpoint AZ is idle below this share of its endpoint's bytes (default 1%).</summary>
    public double IdleAzShare { get; init; } = 0.01;

    /// <summary>An endpoint is cross-AZ heavy above this share of its bytes from clients in other AZs (default 50%).</summary>
    public double CrossAzShare { get; init; } = 0.5;

    /// <summary>…counting only endpoints with at least this many bytes whose client AZ is known (default 1 MiB).</summary>
    public long CrossAzMinBytes { get; init; } = 1 << 20;

    /// <summary>A window's reject rate is a spike at or above this (default 20%)…</summary>
    public double RejectSpikeRate { get; init; } = 0.2;

    /// <summary>…and at least this many times the endpoint's rate over the whole period (default 3)…</summary>
    public double RejectSpikeFactor { get; init; } = 3;

    /// <summary>…in windows with at least this many records at the endpoint (default 20).</summary>
    public long RejectSpikeMinRecords { get; init; } = 20;
}
