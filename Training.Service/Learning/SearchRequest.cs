using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// What a search tries: trainers, budget, folds, the metric it optimises, the held-out share and the seed;
/// <see cref="Parallelism"/> folds train at once.
/// </summary>
public sealed record SearchRequest(
    ModelTask Task,
    IReadOnlyList<TrainerDefinition> Trainers,
    SearchStrategy Strategy,
    int Trials,
    int Folds,
    string Metric,
    double TestFraction,
    bool BalanceClasses,
    int Seed,
    int Parallelism = 1);

/// <summary>One trial's cross-validation: metrics per fold and their mean; <see cref="Error"/> when it failed.</summary>
public sealed record TrialResult(
    int Number,
    string Trainer,
    HyperParameters HyperParameters,
    IReadOnlyList<IReadOnlyDictionary<string, double>> FoldMetrics,
    IReadOnlyDictionary<string, double> MeanMetrics,
    string? Error);

/// <summary>
/// The search's result: every trial, the best one, its refit model evaluated on the held-out split, and the
/// classes in the model's order (the second of two is the positive class).
/// </summary>
public sealed record SearchOutcome(
    IReadOnlyList<TrialResult> Trials,
    TrialResult Best,
    Evaluation HeldOut,
    IReadOnlyList<string> Classes,
    Microsoft.ML.ITransformer Model,
    Microsoft.ML.DataViewSchema InputSchema);