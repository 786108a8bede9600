namespace MlOps.Monitoring.Service.Drift;

/// <summary>
/// One feature's drift check. <see cref="Method"/> is a <see cref="DriftMethodExtensions.Name"/>; for "wasserstein"
/// the statistic is the distance in reference standard deviations. With <see cref="InsufficientData"/> nothing was
/// computed: the statistic and p-value are null and the feature is not drifted.
/// </summary>
public sealed record FeatureDriftResult(
    string Method,
    double? Statistic,
    double? PValue,
    double Threshold,
    bool Drifted,
    bool InsufficientData);