using Microsoft.ML;
using Microsoft.ML.Data;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// Which output columns a loaded model answers with, checked once at load: a binary model's predicted label (and its
/// calibrated probability when the trainer has one), a multiclass model's score per class, a regression's score.
/// </summary>
internal sealed class ModelOutputs
{
    public const string PredictedLabel = "PredictedLabel";
    public const string Score = "Score";
    public const string Probability = "Probability";
    private const string SlotNames = "SlotNames";

    private ModelOutputs(ModelTask task, int classes, bool hasProbabilities, int[]? slotToClass)
    {
        Task = task;
        Classes = classes;
        HasProbabilities = hasProbabilities;
        SlotToClass = slotToClass;
    }

    public ModelTask Task { get; }

    public int Classes { get; }

    public bool HasProbabilities { get; }

    /// <summary>For a multiclass model, the manifest's class of each score slot.</summary>
    public int[]? SlotToClass { get; }

    public static ModelOutputs Describe(ModelManifest manifest, DataViewSchema output)
    {
        var classes = manifest.Label.Classes;
        switch (manifest.Task)
        {
            case ModelTask.Binary:
                Require(output, PredictedLabel, type => type is BooleanDataViewType, "a boolean");
                return new ModelOutputs(ModelTask.Binary, 2, output.GetColumnOrNull(Probability)?.Type is NumberDataViewType, null);
            case ModelTask.Multiclass:
                var score = Require(output, Score, type => type is VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vector
                    && vector.Size == classes.Count && vector.ItemType == NumberDataViewType.Single, $"a vector of {classes.Count} floats");
                return new ModelOutputs(ModelTask.Multiclass, classes.Count, true, SlotClasses(score, classes));
            default:
                Require(output, Score, type => type == NumberDataViewType.Single, "a float");
                return new ModelOutputs(ModelTask.Regression, 0, false, null);
        }
    }

    private static DataViewSchema.Column Require(DataViewSchema output, string name, Func<DataViewType, bool> fits, string expected)
    {
        var column = output.GetColumnOrNull(name);
        if (column is not { } found || !fits(found.Type))
        {
            throw new ModelLoadException($"The model does not output '{name}' as {expected}, so it does not fit its manifest's task.");
        }

        return found;
    }

    // The score slots follow the label's key order, which ML.NET names in the slot-name annotation.
    private static int[] SlotClasses(DataViewSchema.Column score, IReadOnlyList<string> classes)
    {
        if (score.Annotations.Schema.GetColumnOrNull(SlotNames) is null)
        {
            return Enumerable.Range(0, classes.Count).ToArray();
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        score.Annotations.GetValue(SlotNames, ref names);
        var slots = names.DenseValues().Select(name => name.ToString()).ToList();
        var map = slots.Select(slot => classes.ToList().IndexOf(slot)).ToArray();
        if (map.Any(index => index < 0) || map.Distinct().Count() != classes.Count)
        {
            throw new ModelLoadException(
                $"The model's classes ({string.Join(", ", slots)}) are not the manifest's ({string.Join(", ", classes)}).");
        }

        return map;
    }
}