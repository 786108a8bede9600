namespace MlOps.Console.Api.Training;

/// <summary>A training job: what it was asked to do, how far it got and how it ended.</summary>
public sealed record TrainingJob(
    Guid Id,
    string Model,
    string Status,
    JobSpec Spec,
    JobProgress Progress,
    JobResult? Result,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public bool IsActive => Status is "queued" or "running";
}

public sealed record JobSpec(
    string Dataset,
    int? DatasetVersion,
    IReadOnlyList<string>? Trainers,
    string Strategy,
    int Trials,
    int Folds,
    string? Metric,
    IReadOnlyDictionary<string, double> Thresholds);

public sealed record JobProgress(int TrialsDone, int? TrialsPlanned, BestTrial? Best);

public sealed record BestTrial(string Trainer, string Metric, double Value, Guid RunId);

/// <summary>The registered version when the job succeeded; otherwise the reasons a gate rejected it or it failed.</summary>
public sealed record JobResult(
    int? RegisteredVersion,
    IReadOnlyList<string> Reasons,
    string? Trainer,
    IReadOnlyDictionary<string, double>? CrossValidated,
    IReadOnlyDictionary<string, double>? HeldOut,
    Guid? RunId);