namespace MlOps.Monitoring.Service.Policies;

/// <summary>
/// How one model is watched and healed. Drift checks: every <see cref="CheckIntervalSeconds"/> over the last
/// <see cref="WindowSeconds"/>, testing each feature with <see cref="Method"/> (Evidently's choice by default), drifted
/// as a whole when at least <see cref="DriftShare"/> of the features or any of <see cref="CriticalFeatures"/> drift.
/// Concept drift: live accuracy from at least <see cref="ConceptMinLabeledRows"/> labels received in the window,
/// below the held-out accuracy by <see cref="AccuracyDrop"/> or more, and significantly so. Retraining: when a
/// <c>retrain</c> rule breaks, with <see cref="AutoRetrain"/> on, after <see cref="CooldownSeconds"/>, at most
/// <see cref="MaxRetrainsPerDay"/> a day, and once at least <see cref="MinLabeledRows"/> labelled production rows have
/// come since <see cref="ProductionSince"/> (by default since the alert opened) and since the last retrain; on <see cref="Dataset"/> (the champion's own training set when null) plus those production rows.
/// The challenger is promoted with <see cref="AutoPromote"/> when it beats the champion by
/// <see cref="PromotionMargin"/>; otherwise it stays challenger, served as <see cref="ChallengerMode"/>.
/// </summary>
public sealed record MonitoringPolicy
{
    public bool AutoRetrain { get; init; }

    public bool AutoPromote { get; init; }

    public int MinLabeledRows { get; init; } = 100;

    public int CheckIntervalSeconds { get; init; } = 3600;

    public int WindowSeconds { get; init; } = 3600;

    public int CooldownSeconds { get; init; } = 3600;

    public int MaxRetrainsPerDay { get; init; } = 4;

    public double PromotionMargin { get; init; } = 0.01;

    public double EvaluationFraction { get; init; } = 0.3;

    public double DriftShare { get; init; } = 0.5;

    public IReadOnlyList<string> CriticalFeatures { get; init; } = [];

    public string Method { get; init; } = "auto";

    /// <summary>Overrides the method's own threshold (a p-value for KS and chi-square, a distance otherwise).</summary>
    public double? FeatureThreshold { get; init; }

    /// <summary>Fewer live rows than this in the window is "insufficient data", not a verdict.</summary>
    public int MinimumRows { get; init; } = 30;

    public int ConceptMinLabeledRows { get; init; } = 30;

    public double AccuracyDrop { get; init; } = 0.1;

    public string? Dataset { get; init; }

    public int? DatasetVersion { get; init; }

    public DateTimeOffset? ProductionSince { get; init; }

    public string ChallengerMode { get; init; } = "single";

    /// <summary>The alert rules; null means the defaults.</summary>
    public IReadOnlyList<AlertRule>? Rules { get; init; }

    public IReadOnlyList<AlertRule> EffectiveRules => Rules ?? DefaultRules(this);

    /// <summary>Alert (and retrain) when the data drifts as a whole or when accuracy falls.</summary>
    public static IReadOnlyList<AlertRule> DefaultRules(MonitoringPolicy policy) =>
    [
        new("drift_share", null, ">=", policy.DriftShare, "retrain"),
        new("accuracy_drop", null, ">=", policy.AccuracyDrop, "retrain"),
    ];
}