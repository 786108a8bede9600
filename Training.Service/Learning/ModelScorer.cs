using Microsoft.ML;
using Microsoft.ML.Data;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// Runs a trained model (its featurisation included) over a table's features, as training shaped them: a classifier's
/// predicted class per row, a regressor's score per row.
/// </summary>
internal static class ModelScorer
{
    private const string PredictedLabel = "PredictedLabel";
    private const string Score = "Score";

    /// <param name="classes">The model's classes in its order; the second of two is the positive class.</param>
    public static string[] Classify(ITransformer model, TrainingTable table, ModelTask task, IReadOnlyList<string> classes)
    {
        var scored = model.Transform(new TableDataView(table, task, positiveClass: null, weights: null));
        return task == ModelTask.Binary
            ? [.. scored.GetColumn<bool>(PredictedLabel).Select(positive => positive ? classes[1] : classes[0])]
            : [.. scored.GetColumn<ReadOnlyMemory<char>>(PredictedLabel).Select(label => label.ToString())];
    }

    public static float[] Regress(ITransformer model, TrainingTable table) =>
        [.. model.Transform(new TableDataView(table, ModelTask.Regression, positiveClass: null, weights: null)).GetColumn<float>(Score)];
}