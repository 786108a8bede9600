namespace MlOps.Training.Service.Tracking;

/// <summary>The run attributes a filter or ordering may name, as MLflow spells them.</summary>
public static class RunAttributes
{
    public const string Status = "status";
    public const string StartTime = "start_time";
    public const string EndTime = "end_time";
    public const string RunName = "run_name";
    public const string RunId = "run_id";

    public const string List = "status, start_time, end_time, run_name, run_id";

    public static bool IsKnown(string key) => key is Status or StartTime or EndTime or RunName or RunId;

    public static bool IsTime(string key) => key is StartTime or EndTime;
}