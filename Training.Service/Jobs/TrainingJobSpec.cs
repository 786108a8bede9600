using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Learning;

namespace MlOps.Training.Service.Jobs;

/// <summary>
/// A validated job request with every default filled in, as it is stored with the job. The task and trainers
/// may still be open (null) until the dataset's label is known.
/// </summary>
public sealed record TrainingJobSpec(
    string Model,
    string Dataset,
    int? DatasetVersion,
    ModelTask? Task,
    IReadOnlyList<string>? Trainers,
    SearchStrategy Strategy,
    int Trials,
    int Folds,
    string? Metric,
    IReadOnlyDictionary<string, double> Thresholds,
    bool BalanceClasses,
    double TestFraction,
    int Seed,
    ProductionData? IncludeProduction = null,
    RetrainDetails? Retrain = null);

/// <summary>The labelled production rows a job appends to its dataset.</summary>
public sealed record ProductionData(string Model, DateTimeOffset? Since);