using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>The metric names the platform reports and which direction is better.</summary>
public static class Metrics
{
    public const string Accuracy = "accuracy";
    public const string Auc = "auc";
    public const string F1 = "f1";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string LogLoss = "logloss";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string R2 = "r2";

    private static readonly HashSet<string> LowerIsBetter = [LogLoss, Rmse, Mae];

    public static bool HigherIsBetter(string metric) => !LowerIsBetter.Contains(metric);

    public static string DefaultFor(ModelTask task) => task switch
    {
        ModelTask.Binary => Auc,
        ModelTask.Multiclass => Accuracy,
        _ => Rmse,
    };

    /// <summary>The metrics a search may optimise or gate on for a task.</summary>
    public static IReadOnlyList<string> For(ModelTask task) => task switch
    {
        ModelTask.Binary => [Auc, Accuracy, F1, Precision, Recall, LogLoss],
        ModelTask.Multiclass => [Accuracy, F1, LogLoss],
        _ => [Rmse, Mae, R2],
    };

    public static bool IsBetter(string metric, double candidate, double incumbent) =>
        HigherIsBetter(metric) ? candidate > incumbent : candidate < incumbent;
}