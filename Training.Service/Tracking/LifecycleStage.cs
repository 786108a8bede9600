namespace MlOps.Training.Service.Tracking;

public static class LifecycleStage
{
    public const string Active = "active";
    public const string Deleted = "deleted";
}