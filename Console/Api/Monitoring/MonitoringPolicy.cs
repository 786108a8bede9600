namespace MlOps.Console.Api.Monitoring;

/// <summary><c>GET /api/monitoring/models/{name}/policy</c>: the fields an operator sees and edits.</summary>
public sealed record MonitoringPolicy(
    bool AutoRetrain,
    bool AutoPromote,
    int MinLabeledRows,
    int CheckIntervalSeconds,
    int WindowSeconds,
    int CooldownSeconds,
    int MaxRetrainsPerDay,
    double PromotionMargin,
    double DriftShare,
    IReadOnlyList<string> CriticalFeatures,
    string Method,
    double? FeatureThreshold,
    int MinimumRows,
    double AccuracyDrop,
    string ChallengerMode,
    IReadOnlyList<AlertRule> Rules,
    bool DefaultRules);