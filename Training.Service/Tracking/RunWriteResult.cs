namespace MlOps.Training.Service.Tracking;

public enum RunWriteOutcome
{
    Done,
    NotFound,
    /// <summary>The run (or, on restore, its experiment) is deleted: it cannot change until restored.</summary>
    NotActive,
    /// <summary>The request contradicts what is stored, such as a param logged with another value.</summary>
    Invalid,
}

/// <summary>What a change to a run did; for <see cref="RunWriteOutcome.Invalid"/>, the field and why.</summary>
public sealed record RunWriteResult(RunWriteOutcome Outcome, string? Field = null, string? Message = null)
{
    public static readonly RunWriteResult Done = new(RunWriteOutcome.Done);
    public static readonly RunWriteResult NotFound = new(RunWriteOutcome.NotFound);
    public static readonly RunWriteResult NotActive = new(RunWriteOutcome.NotActive);
}