namespace MlOps.Console.Api.Training;

/// <summary>
/// The trainers and metrics Training knows, offered as choices in the job form; the API checks every job, and its
/// 400 names the current lists if they ever differ.
/// </summary>
public static class TrainingCatalog
{
    public static readonly IReadOnlyList<string> Trainers =
    [
        "FastForest", "FastForestOva", "FastTree", "FastTreeOva", "LbfgsLogisticRegression", "LbfgsMaximumEntropy",
        "LbfgsPoissonRegression", "LightGbm", "Sdca", "SdcaLogisticRegression", "SdcaMaximumEntropy",
    ];

    public static readonly IReadOnlyList<string> Metrics = ["accuracy", "auc", "f1", "logloss", "mae", "precision", "r2", "recall", "rmse"];

    public static readonly IReadOnlyList<string> Strategies = ["random", "grid"];
}