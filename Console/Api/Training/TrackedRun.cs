namespace MlOps.Console.Api.Training;

/// <summary>A run of an experiment: its params, each metric's latest value, and its tags.</summary>
public sealed record TrackedRun(
    Guid Id,
    string Experiment,
    string Name,
    string Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags);