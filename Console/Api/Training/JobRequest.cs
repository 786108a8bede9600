namespace MlOps.Console.Api.Training;

/// <summary>The body of <c>POST /api/training/jobs</c>, as the console's form fills it.</summary>
public sealed record JobRequest(
    string? Model,
    JobDataset Dataset,
    IReadOnlyList<string>? Trainers,
    JobSearch Search,
    int? Folds,
    string? Metric,
    IReadOnlyDictionary<string, double> Thresholds);

public sealed record JobDataset(string? Name, int? Version);

public sealed record JobSearch(string? Strategy, int? Trials);