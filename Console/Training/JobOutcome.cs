using MlOps.Console.Api.Training;

namespace MlOps.Console.Training;

public static class JobOutcome
{
    /// <summary>One line on how a job ended: the version it registered, or why it registered none.</summary>
    public static string Describe(TrainingJob job) => job switch
    {
        { Result.RegisteredVersion: { } version } => $"registered {job.Model} v{version}",
        { Result.Reasons.Count: > 0 } => string.Join("; ", job.Result.Reasons),
        { IsActive: true } => "in progress",
        _ => job.Status,
    };
}