namespace FlowAnalytics.Analysis.Cost;

/// <summary>
/// One step of PrivateLink's data-processing price: <see cref="UsdPerGb"/> for the region's monthly
/// gigabytes up to <see cref="UpToGb"/> (cumulative, from the previous tier's bound); null = no bound.
/// </summary>
public readonly record struct ProcessingTier(double? UpToGb, double UsdPerGb);
