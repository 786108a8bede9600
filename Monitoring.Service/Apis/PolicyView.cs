using MlOps.Monitoring.Service.Policies;

namespace MlOps.Monitoring.Service.Apis;

/// <summary>A policy as the API shows it: every field, with the rules in force (the defaults when none are set).</summary>
public sealed record PolicyView(
    bool AutoRetrain,
    bool AutoPromote,
    int MinLabeledRows,
    int CheckIntervalSeconds,
    int WindowSeconds,
    int CooldownSeconds,
    int MaxRetrainsPerDay,
    double PromotionMargin,
    double EvaluationFraction,
    double DriftShare,
    IReadOnlyList<string> CriticalFeatures,
    string Method,
    double? FeatureThreshold,
    int MinimumRows,
    int ConceptMinLabeledRows,
    double AccuracyDrop,
    string? Dataset,
    int? DatasetVersion,
    DateTimeOffset? ProductionSince,
    string ChallengerMode,
    IReadOnlyList<AlertRule> Rules,
    bool DefaultRules)
{
    public static PolicyView Of(MonitoringPolicy policy) => new(
        policy.AutoRetrain, policy.AutoPromote, policy.MinLabeledRows, policy.CheckIntervalSeconds, policy.WindowSeconds,
        policy.CooldownSeconds, policy.MaxRetrainsPerDay, policy.PromotionMargin, policy.EvaluationFraction, policy.DriftShare,
        policy.CriticalFeatures, policy.Method, policy.FeatureThreshold, policy.MinimumRows, policy.ConceptMinLabeledRows,
        policy.AccuracyDrop, policy.Dataset, policy.DatasetVersion, policy.ProductionSince, policy.ChallengerMode,
        policy.EffectiveRules, policy.Rules is null);
}