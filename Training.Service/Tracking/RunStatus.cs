namespace MlOps.Training.Service.Tracking;

/// <summary>A run's status, stored lower-case; MLflow's upper-case spellings are accepted too.</summary>
public static class RunStatus
{
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";
    public const string Killed = "killed";

    public const string Rule = "'status' must be one of running, finished, failed, killed.";

    public static bool TryParse(string? value, out string status)
    {
        status = value?.ToLowerInvariant() switch
        {
            Running => Running,
            Finished => Finished,
            Failed => Failed,
            Killed => Killed,
            _ => "",
        };
        return status.Length > 0;
    }

    public static bool IsTerminal(string status) => status != Running;
}