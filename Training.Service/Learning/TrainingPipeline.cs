using Microsoft.ML;
using Microsoft.ML.Transforms;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>The data view a task trains on, and the estimator chain (featurisation, trainer, label mapping) it fits.</summary>
public static class TrainingPipeline
{
    /// <summary>
    /// The label as the task wants it; multiclass labels become keys in sorted class order before training, so the
    /// saved model needs only the features. With <paramref name="balanceClasses"/> every class weighs the same in total.
    /// </summary>
    public static IDataView PrepareData(MLContext ml, TrainingTable table, ModelTask task, IReadOnlyList<string> classes, bool balanceClasses)
    {
        var weights = balanceClasses && task != ModelTask.Regression ? BalancedWeights(table.Label, classes) : null;
        IDataView data = new TableDataView(table, task, task == ModelTask.Binary ? classes[1] : null, weights);
        if (task == ModelTask.Multiclass)
        {
            data = ml.Transforms.Conversion.MapValueToKey(
                ColumnNames.Label, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(data).Transform(data);
        }

        return ml.Data.Cache(data);
    }

    public static IEstimator<ITransformer> Build(
        MLContext ml, TrainingTable table, ModelTask task, TrainerDefinition trainer, TrainerArguments settings)
    {
        var pipeline = FeaturePipeline.Build(ml, table, trainer.NeedsNormalization).Append(trainer.Create(ml, settings));
        return task == ModelTask.Multiclass
            ? pipeline.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            : pipeline;
    }

    // Each class weighs rows / (classes × its count).
    private static float[] BalancedWeights(TableColumn label, IReadOnlyList<string> classes)
    {
        var counts = label.Strings!.GroupBy(value => value!).ToDictionary(group => group.Key, group => group.Count());
        var rows = label.Length;
        return label.Strings!.Select(value => (float)rows / (classes.Count * counts[value!])).ToArray();
    }
}