namespace MlOps.Training.Service.Tracking;

/// <summary>A named group of runs; <see cref="LifecycleStage"/> is <c>active</c> or <c>deleted</c>.</summary>
public sealed record Experiment(
    Guid Id,
    string Name,
    string LifecycleStage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletedAt,
    IReadOnlyDictionary<string, string> Tags);