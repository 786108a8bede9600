using MlOps.Contracts.IntegrationEvents;

namespace MlOps.Training.Service.Jobs;

/// <summary>A training job as the API shows it.</summary>
public sealed record TrainingJob(
    Guid Id,
    string Model,
    string Status,
    TrainingJobSpec Spec,
    JobProgress Progress,
    JobResult? Result,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string Tenant,
    string? CreatedBy);

public sealed record JobProgress(int TrialsDone, int? TrialsPlanned, BestTrial? Best);

public sealed record BestTrial(string Trainer, string Metric, double Value, Guid RunId);

/// <summary>
/// How a job ended: the registered version when it succeeded, the reasons when a gate rejected it or it failed,
/// the winner's metrics, and the run that holds its held-out evaluation; for a retrain, how the new version did
/// against the champion.
/// </summary>
public sealed record JobResult(
    int? RegisteredVersion,
    IReadOnlyList<string> Reasons,
    string? Task,
    string? Trainer,
    IReadOnlyDictionary<string, double>? CrossValidated,
    IReadOnlyDictionary<string, double>? HeldOut,
    Guid? RunId,
    ChallengerComparison? Comparison = null);

public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string status) => status is Succeeded or Rejected or Failed or Cancelled;
}