namespace MlOps.Training.Service.Tracking;

/// <summary>One run of an experiment: its params, each metric's latest value, and its tags.</summary>
public sealed record Run(
    Guid Id,
    string Experiment,
    string Name,
    string Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string LifecycleStage,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>One logged value of a metric.</summary>
public sealed record MetricPoint(double Value, long Step, DateTimeOffset Timestamp);

/// <summary>A page of search results; <see cref="NextPageToken"/> is set when more runs match.</summary>
public sealed record RunPage(IReadOnlyList<Run> Runs, string? NextPageToken);