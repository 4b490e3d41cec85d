using FlowAnalytics.Analysis.Cost;
using FlowAnalytics.Analysis.Findings;
using FlowAnalytics.Analysis.Placement;
using FlowAnalytics.Inventory;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Report;

/// <summary>Everything a report shows, computed with the same API analysts call from notebooks.</summary>
public sealed class ReportContent
{
    private ReportContent(ReportInput input, bool hasInventory, PriceBook prices)
    {
        Input = input;
        HasInventory = hasInventory;
        Prices = prices;
    }

    /// <summary>The tables read.</summary>
    public ReportInput Input { get; }

    /// <summary>Whether an inventory was given (else endpoint AZs without traffic are unknown).</summary>
    public bool HasInventory { get; }

    /// <summary>The prices the costs use.</summary>
    public PriceBook Prices { get; }

    /// <summary>Endpoint AZs.</summary>
    public IReadOnlyList<EndpointAz> Placement { get; private init; } = [];

    /// <summary>Estimated monthly cost per endpoint AZ.</summary>
    public IReadOnlyList<EndpointAzCost> Costs { get; private init; } = [];

    /// <summary>The findings.</summary>
    public IReadOnlyList<Finding> Findings { get; private init; } = [];

    /// <summary><see cref="EndpointQuestions.PerAzBreakdown"/>.</summary>
    public DataFrame PerAz { get; private init; } = null!;

    /// <summary><see cref="EndpointQuestions.BytesOverTime"/>.</summary>
    public DataFrame BytesOverTime { get; private init; } = null!;

    /// <summary><see cref="EndpointQuestions.ClientAzMatrix"/>.</summary>
    public DataFrame ClientAzMatrix { get; private init; } = null!;

    /// <summary><see cref="EndpointQuestions.RejectRateOverTime"/>.</summary>
    public DataFrame Rates { get; private init; } = null!;

    /// <summary><see cref="LatencyPercentiles.PerEndpoint"/>.</summary>
    public DataFrame Latency { get; private init; } = null!;

    /// <summary><see cref="EndpointQuestions.CoverageOverTime"/> over eni_traffic (or endpoint_traffic without it).</summary>
    public DataFrame Coverage { get; private init; } = null!;

    /// <summary>Length of the observed period, hours.</summary>
    public double ObservedHours { get; private init; }

    /// <summary>Computes the report's content.</summary>
    public static ReportContent Create(ReportInput input, EndpointInventory? inventory, PriceBook? prices = null, FindingThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        prices ??= new PriceBook();
        IReadOnlyList<EndpointAz> placement = EndpointPlacement.From(input.EndpointTraffic, inventory);
        return new ReportContent(input, inventory is not null, prices)
        {
            Placement = placement,
            Costs = CostEstimator.Estimate(input.EndpointTraffic, placement, prices),
            Findings = EndpointFindings.Find(input.EndpointTraffic, input.EniTraffic, placement, prices, thresholds),
            PerAz = EndpointQuestions.PerAzBreakdown(input.EndpointTraffic),
            BytesOverTime = EndpointQuestions.BytesOverTime(input.EndpointTraffic),
            ClientAzMatrix = EndpointQuestions.ClientAzMatrix(input.EndpointTraffic),
            Rates = EndpointQuestions.RejectRateOverTime(input.EndpointTraffic),
            Latency = LatencyPercentiles.PerEndpoint(input.EndpointTrafficTable),
            Coverage = EndpointQuestions.CoverageOverTime(input.EniTraffic ?? input.EndpointTraffic),
            ObservedHours = CostEstimator.ObservedHours(input.EndpointTraffic),
        };
    }
}
