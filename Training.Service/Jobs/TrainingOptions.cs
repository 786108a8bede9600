namespace MlOps.Training.Service.Jobs;

/// <summary>Configuration section <c>Training</c>.</summary>
public sealed class TrainingOptions
{
    /// <summary>Jobs run at once by one replica; training is CPU-bound, so the default suits a small machine.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>Cross-validation folds one job trains at once, each on a thread of its own.</summary>
    public int FoldParallelism { get; set; } = Environment.ProcessorCount;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A running job silent for this long lost its worker and is queued again.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a job may be interrupted before it is failed rather than retried.</summary>
    public int MaxAttempts { get; set; } = 2;
}