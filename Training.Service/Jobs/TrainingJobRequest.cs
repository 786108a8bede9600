namespace MlOps.Training.Service.Jobs;

/// <summary>What a client asks for in <c>POST /api/training/jobs</c>; every field but the model and dataset is optional.</summary>
public sealed record TrainingJobRequest(
    string? Model,
    DatasetSelection? Dataset,
    string? Label = null,
    string? Task = null,
    IReadOnlyList<string>? Trainers = null,
    SearchSelection? Search = null,
    int? Folds = null,
    string? Metric = null,
    IReadOnlyDictionary<string, double>? Thresholds = null,
    string? ClassBalance = null,
    double? TestFraction = null,
    int? Seed = null,
    ProductionSelection? IncludeProduction = null);

public sealed record DatasetSelection(string? Name, int? Version = null);

public sealed record SearchSelection(string? Strategy = null, int? Trials = null);

/// <summary>Labelled production rows of <see cref="Model"/> served since <see cref="Since"/> (all when absent), appended to the dataset.</summary>
public sealed record ProductionSelection(string? Model, DateTimeOffset? Since = null);