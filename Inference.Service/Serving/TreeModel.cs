using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// A boosted-tree model (FastTree or LightGBM; binary with Platt calibration, or regression) split into its
/// featurisation, still run by ML.NET, and its trees, evaluated by <see cref="CompiledTrees"/>. Before it is used the
/// split is checked against ML.NET's own predictor on feature vectors placed at and around every threshold; any
/// disagreement, or a model of another shape, leaves the model to ML.NET alone.
/// </summary>
internal sealed class TreeModel
{
    private const int CheckedVectors = 512;

    private TreeModel(ITransformer featurizer, string featureColumn, CompiledTrees trees, PlattCalibrator? calibrator)
    {
        Featurizer = featurizer;
        FeatureColumn = featureColumn;
        Trees = trees;
        Calibrator = calibrator;
    }

    public ITransformer Featurizer { get; }

    public string FeatureColumn { get; }

    public CompiledTrees Trees { get; }

    public PlattCalibrator? Calibrator { get; }

    public static TreeModel? TryCreate(ITransformer model, InputSchema inputs, ModelOutputs outputs)
    {
        var steps = Flatten(model).ToList();
        if (steps.Count == 0 || steps[^1] is not ISingleFeaturePredictionTransformer<object> predictor)
        {
            return null;
        }

        (RegressionTreeEnsemble? ensemble, PlattCalibrator? calibrator) = (predictor, outputs.Task) switch
        {
            (BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> binary, ModelTask.Binary) =>
                (binary.Model.SubModel.TrainedTreeEnsemble, binary.Model.Calibrator),
            (BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> binary, ModelTask.Binary) =>
                (binary.Model.SubModel.TrainedTreeEnsemble, binary.Model.Calibrator),
            (RegressionPredictionTransformer<FastTreeRegressionModelParameters> regression, ModelTask.Regression) =>
                (regression.Model.TrainedTreeEnsemble, null),
            (RegressionPredictionTransformer<LightGbmRegressionModelParameters> regression, ModelTask.Regression) =>
                (regression.Model.TrainedTreeEnsemble, null),
            _ => (null, null),
        };
        if (ensemble is null || (outputs.Task == ModelTask.Binary && outputs.HasProbabilities != calibrator is not null))
        {
            return null;
        }

        var featurizer = new TransformerChain<ITransformer>([.. steps.Take(steps.Count - 1)]);
        var featureType = featurizer.GetOutputSchema(inputs.DataViewSchema).GetColumnOrNull(predictor.FeatureColumnName)?.Type;
        if (featureType is not VectorDataViewType { ItemType: var item, Size: > 0 and var size } || item != NumberDataViewType.Single
            || CompiledTrees.TryCompile(ensemble, size) is not { } trees)
        {
            return null;
        }

        var candidate = new TreeModel(featurizer, predictor.FeatureColumnName, trees, calibrator);
        try
        {
            return candidate.AgreesWith(predictor, size, outputs.Task) ? candidate : null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // The check could not be run on this model; ML.NET scores it as it would without the split.
            return null;
        }
    }

    /// <summary>The binary outputs of one score, as ML.NET's binary scorer derives them (its threshold is 0 on the score).</summary>
    public (bool Positive, float Probability) Classify(float score) =>
        (score > 0, Calibrator?.PredictProbability(score) ?? float.NaN);

    private bool AgreesWith(ISingleFeaturePredictionTransformer<object> predictor, int size, ModelTask task)
    {
        var vectors = CheckVectors(size);
        var ml = new MLContext(seed: 0);
        var definition = SchemaDefinition.Create(typeof(FeatureVector));
        definition[0].ColumnName = predictor.FeatureColumnName;
        definition[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        var scored = predictor.Transform(ml.Data.LoadFromEnumerable(vectors.Select(vector => new FeatureVector { Values = vector }), definition));
        var scores = scored.GetColumn<float>(ModelOutputs.Score).ToArray();
        var labels = task == ModelTask.Binary ? scored.GetColumn<bool>(ModelOutputs.PredictedLabel).ToArray() : null;
        var probabilities = Calibrator is not null ? scored.GetColumn<float>(ModelOutputs.Probability).ToArray() : null;

        var exits = new ulong[Trees.Trees];
        var values = new float[Trees.UsedFeatures];
        for (var i = 0; i < vectors.Count; i++)
        {
            var score = (float)Trees.Evaluate(new VBuffer<float>(size, vectors[i]), exits, values);
            if (!Close(score, scores[i]))
            {
                return false;
            }

            var (positive, probability) = Classify(score);
            if ((labels is not null && positive != labels[i]) || (probabilities is not null && !Close(probability, probabilities[i])))
            {
                return false;
            }
        }

        return true;
    }

    // Values at, just below and just above every threshold, a spread around them and missing values, mixed at random
    // across the features, so that every split is taken both ways by some vector.
    private List<float[]> CheckVectors(int size)
    {
        var random = new Random(17);
        var features = Trees.Thresholds.ToList();
        var vectors = new List<float[]>(CheckedVectors);
        for (var v = 0; v < CheckedVectors; v++)
        {
            var vector = new float[size];
            foreach (var (slot, thresholds) in features)
            {
                var threshold = thresholds[random.Next(thresholds.Length)];
                vector[slot] = random.Next(8) switch
                {
                    0 => threshold,
                    1 => MathF.BitDecrement(threshold),
                    2 => MathF.BitIncrement(threshold),
                    3 => float.NaN,
                    _ => threshold + (float)((random.NextDouble() - 0.5) * 2 * Math.Max(1, Math.Abs(threshold))),
                };
            }

            vectors.Add(vector);
        }

        return vectors;
    }

    private static bool Close(float ours, float theirs) =>
        (float.IsNaN(ours) && float.IsNaN(theirs)) || Math.Abs(ours - theirs) <= 1e-5 * Math.Max(1, Math.Abs(theirs));

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    private sealed class FeatureVector
    {
        public float[] Values { get; set; } = [];
    }
}