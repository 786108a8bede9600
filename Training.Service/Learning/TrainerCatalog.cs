using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>The trainers per task and the hyper-parameter space each is searched over.</summary>
public static class TrainerCatalog
{
    // LightGBM's OpenMP threads spin while they wait: on a small, busy machine one thread is many times faster.
    private const int LightGbmThreads = 1;

    private static readonly SearchDimension Trees = new("trees", [100, 200, 300]);
    private static readonly SearchDimension LeafCounts = new("leaves", [16, 32, 64]);
    private static readonly SearchDimension MinLeafCounts = new("minExamplesPerLeaf", [1, 5, 10, 20]);
    private static readonly SearchDimension FeatureFraction = new("featureFraction", [0.5, 0.7, 0.9]);
    private static readonly SearchDimension LearningRate = new("learningRate", [0.03, 0.05, 0.1, 0.2]);
    private static readonly SearchDimension IterationCounts = new("iterations", [100, 200, 400]);
    private static readonly SearchDimension L1Values = new("l1", [0, 0.001, 0.01, 0.1]);
    private static readonly SearchDimension L2Values = new("l2", [0.001, 0.01, 0.1, 1]);

    private static readonly SearchDimension[] ForestSpace = [Trees, LeafCounts, MinLeafCounts, FeatureFraction];
    private static readonly SearchDimension[] BoostedTreeSpace = [Trees, LeafCounts, LearningRate, MinLeafCounts];
    private static readonly SearchDimension[] LightGbmSpace = [IterationCounts, LeafCounts, LearningRate, MinLeafCounts];
    private static readonly SearchDimension[] LinearSpace = [L1Values, L2Values];

    // One-versus-all fits a model per class, so each of them gets a smaller budget than a binary learner would.
    private static readonly SearchDimension OvaTrees = new("trees", [50, 100, 150]);
    private static readonly SearchDimension OvaLeafCounts = new("leaves", [16, 32]);
    private static readonly SearchDimension[] OvaForestSpace = [OvaTrees, OvaLeafCounts, MinLeafCounts, FeatureFraction];
    private static readonly SearchDimension[] OvaBoostedTreeSpace = [OvaTrees, OvaLeafCounts, LearningRate, MinLeafCounts];

    public static IReadOnlyList<TrainerDefinition> All { get; } =
    [
        new("FastForest", ModelTask.Binary, false, ForestSpace, (ml, s) => ml.BinaryClassification.Trainers.FastForest(BinaryForest(s))),
        new("FastTree", ModelTask.Binary, false, BoostedTreeSpace, (ml, s) => ml.BinaryClassification.Trainers.FastTree(BinaryBoosted(s))),
        new("LightGbm", ModelTask.Binary, false, LightGbmSpace, (ml, s) => ml.BinaryClassification.Trainers.LightGbm((LightGbmBinaryTrainer.Options)Gbm(new LightGbmBinaryTrainer.Options(), s))),
        new("LbfgsLogisticRegression", ModelTask.Binary, true, LinearSpace, (ml, s) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
            ColumnNames.Label, ColumnNames.Features, s.WeightColumn, L1(s), L2(s))),
        new("SdcaLogisticRegression", ModelTask.Binary, true, LinearSpace, (ml, s) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(
            ColumnNames.Label, ColumnNames.Features, s.WeightColumn, l2Regularization: L2(s), l1Regularization: L1(s))),

        new("LightGbm", ModelTask.Multiclass, false, LightGbmSpace, (ml, s) => ml.MulticlassClassification.Trainers.LightGbm((LightGbmMulticlassTrainer.Options)Gbm(new LightGbmMulticlassTrainer.Options(), s))),
        new("FastForestOva", ModelTask.Multiclass, false, OvaForestSpace, (ml, s) => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.FastForest(BinaryForest(s)), ColumnNames.Label)),
        new("FastTreeOva", ModelTask.Multiclass, false, OvaBoostedTreeSpace, (ml, s) => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.FastTree(BinaryBoosted(s)), ColumnNames.Label)),
        new("LbfgsMaximumEntropy", ModelTask.Multiclass, true, LinearSpace, (ml, s) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
            ColumnNames.Label, ColumnNames.Features, s.WeightColumn, L1(s), L2(s))),
        new("SdcaMaximumEntropy", ModelTask.Multiclass, true, LinearSpace, (ml, s) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(
            ColumnNames.Label, ColumnNames.Features, s.WeightColumn, l2Regularization: L2(s), l1Regularization: L1(s))),

        new("FastTree", ModelTask.Regression, false, BoostedTreeSpace, (ml, s) => ml.Regression.Trainers.FastTree(
            Boosted(new FastTreeRegressionTrainer.Options(), s))),
        new("FastForest", ModelTask.Regression, false, ForestSpace, (ml, s) => ml.Regression.Trainers.FastForest(
            Forest(new FastForestRegressionTrainer.Options(), s))),
        new("LightGbm", ModelTask.Regression, false, LightGbmSpace, (ml, s) => ml.Regression.Trainers.LightGbm((LightGbmRegressionTrainer.Options)Gbm(new LightGbmRegressionTrainer.Options(), s))),
        new("Sdca", ModelTask.Regression, true, LinearSpace, (ml, s) => ml.Regression.Trainers.Sdca(
            ColumnNames.Label, ColumnNames.Features, s.WeightColumn, l2Regularization: L2(s), l1Regularization: L1(s))),
        new("LbfgsPoissonRegression", ModelTask.Regression, true, LinearSpace, (ml, s) => ml.Regression.Trainers.LbfgsPoissonRegression(
            ColumnNames.Label, ColumnNames.Features, s.WeightColumn, L1(s), L2(s))),
    ];

    /// <summary>The default trainers for a task; Poisson regression only where every label is non-negative.</summary>
    public static IReadOnlyList<TrainerDefinition> For(ModelTask task, bool nonNegativeLabel = true) =>
        All.Where(trainer => trainer.Task == task && (nonNegativeLabel || trainer.Name != "LbfgsPoissonRegression")).ToList();

    public static TrainerDefinition? Find(ModelTask task, string name) =>
        All.SingleOrDefault(trainer => trainer.Task == task && string.Equals(trainer.Name, name, StringComparison.OrdinalIgnoreCase));

    private static FastForestBinaryTrainer.Options BinaryForest(TrainerArguments s) => Forest(new FastForestBinaryTrainer.Options(), s);

    private static FastTreeBinaryTrainer.Options BinaryBoosted(TrainerArguments s) => Boosted(new FastTreeBinaryTrainer.Options(), s);

    private static T Forest<T>(T options, TrainerArguments s) where T : FastForestOptionsBase
    {
        Common(options, s);
        options.NumberOfTrees = s.HyperParameters.Int("trees");
        options.NumberOfLeaves = s.HyperParameters.Int("leaves");
        options.MinimumExampleCountPerLeaf = s.HyperParameters.Int("minExamplesPerLeaf");
        options.FeatureFraction = s.HyperParameters.Double("featureFraction");
        options.Seed = s.Seed;
        return options;
    }

    private static T Boosted<T>(T options, TrainerArguments s) where T : BoostedTreeOptions
    {
        Common(options, s);
        options.NumberOfTrees = s.HyperParameters.Int("trees");
        options.NumberOfLeaves = s.HyperParameters.Int("leaves");
        options.LearningRate = s.HyperParameters.Double("learningRate");
        options.MinimumExampleCountPerLeaf = s.HyperParameters.Int("minExamplesPerLeaf");
        options.Seed = s.Seed;
        return options;
    }

    private static LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase Gbm<TOptions, TOutput, TTransformer, TModel>(
        LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase options, TrainerArguments s)
        where TOptions : LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        options.LabelColumnName = ColumnNames.Label;
        options.FeatureColumnName = ColumnNames.Features;
        options.ExampleWeightColumnName = s.WeightColumn;
        options.NumberOfLeaves = Leaves(s);
        options.MinimumExampleCountPerLeaf = MinLeaf(s);
        options.LearningRate = Rate(s);
        options.NumberOfIterations = Iterations(s);
        options.NumberOfThreads = LightGbmThreads;
        options.Seed = s.Seed;
        return options;
    }

    private static int Leaves(TrainerArguments s) => s.HyperParameters.Int("leaves");

    private static int MinLeaf(TrainerArguments s) => s.HyperParameters.Int("minExamplesPerLeaf");

    private static double Rate(TrainerArguments s) => s.HyperParameters.Double("learningRate");

    private static int Iterations(TrainerArguments s) => s.HyperParameters.Int("iterations");

    private static float L1(TrainerArguments s) => s.HyperParameters.Float("l1");

    private static float L2(TrainerArguments s) => s.HyperParameters.Float("l2");

    private static void Common(TreeOptions options, TrainerArguments s)
    {
        options.LabelColumnName = ColumnNames.Label;
        options.FeatureColumnName = ColumnNames.Features;
        options.ExampleWeightColumnName = s.WeightColumn;
        options.NumberOfThreads = s.TreeThreads;
    }
}