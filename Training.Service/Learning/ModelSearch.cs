using Microsoft.ML;
using Microsoft.ML.Transforms;
using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// Hyper-parameter search under k-fold cross-validation on the training split, then the best trial refit on the
/// whole training split and evaluated on the held-out split. Every trial sees the same folds, so their scores compare.
/// </summary>
public static class ModelSearch
{
    public static async Task<SearchOutcome> RunAsync(
        TrainingTable table, SearchRequest request, Func<TrialResult, Task> onTrial, CancellationToken cancellationToken)
    {
        var ml = new MLContext(request.Seed);
        var classes = request.Task == ModelTask.Regression ? [] : table.Label.DistinctStrings();
        var data = Prepare(ml, table, request, classes);
        var split = ml.Data.TrainTestSplit(data, request.TestFraction, seed: request.Seed);
        var folds = ml.Data.CrossValidationSplit(split.TrainSet, request.Folds, seed: request.Seed);

        var results = new List<TrialResult>();
        foreach (var trial in TrialPlanner.Plan(request.Trainers, request.Strategy, request.Trials, request.Seed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = CrossValidate(ml, table, request, classes, trial, folds, cancellationToken);
            results.Add(result);
            await onTrial(result);
        }

        var best = results.Where(result => result.Error is null)
            .Aggregate((TrialResult?)null, (incumbent, candidate) => incumbent is null || Metrics.IsBetter(
                request.Metric, candidate.MeanMetrics[request.Metric], incumbent.MeanMetrics[request.Metric]) ? candidate : incumbent)
            ?? throw new InvalidOperationException($"Every trial failed; the first: {results.FirstOrDefault()?.Error}");

        cancellationToken.ThrowIfCancellationRequested();
        var model = Pipeline(ml, table, request, best.Trainer, best.HyperParameters).Fit(split.TrainSet);
        var heldOut = ModelEvaluator.Evaluate(ml, request.Task, model.Transform(split.TestSet), classes);
        return new SearchOutcome(results, best, heldOut, classes, model, data.Schema);
    }

    private static TrialResult CrossValidate(
        MLContext ml, TrainingTable table, SearchRequest request, IReadOnlyList<string> classes, PlannedTrial trial,
        IReadOnlyList<DataOperationsCatalog.TrainTestData> folds, CancellationToken cancellationToken)
    {
        var foldMetrics = new List<IReadOnlyDictionary<string, double>>();
        try
        {
            foreach (var fold in folds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var model = Pipeline(ml, table, request, trial.Trainer.Name, trial.HyperParameters).Fit(fold.TrainSet);
                foldMetrics.Add(ModelEvaluator.Evaluate(ml, request.Task, model.Transform(fold.TestSet), classes).Metrics);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new TrialResult(trial.Number, trial.Trainer.Name, trial.HyperParameters, foldMetrics, new Dictionary<string, double>(), ex.Message);
        }

        var mean = foldMetrics.SelectMany(metrics => metrics.Keys).Distinct()
            .ToDictionary(key => key, key => foldMetrics.Average(metrics => metrics[key]));
        return new TrialResult(trial.Number, trial.Trainer.Name, trial.HyperParameters, foldMetrics, mean, null);
    }

    private static IEstimator<ITransformer> Pipeline(
        MLContext ml, TrainingTable table, SearchRequest request, string trainerName, HyperParameters hyperParameters)
    {
        var trainer = request.Trainers.First(definition => definition.Name == trainerName);
        var settings = new TrainerSettings(hyperParameters, request.BalanceClasses ? ColumnNames.Weight : null, request.Seed);
        var pipeline = FeaturePipeline.Build(ml, table, trainer.NeedsNormalization).Append(trainer.Create(ml, settings));
        return request.Task == ModelTask.Multiclass
            ? pipeline.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            : pipeline;
    }

    // The label as the task wants it; multiclass labels become keys in sorted class order before the search,
    // so the saved model needs only the features.
    private static IDataView Prepare(MLContext ml, TrainingTable table, SearchRequest request, IReadOnlyList<string> classes)
    {
        var weights = request.BalanceClasses && request.Task != ModelTask.Regression ? BalancedWeights(table.Label, classes) : null;
        IDataView data = new TableDataView(table, request.Task, request.Task == ModelTask.Binary ? classes[1] : null, weights);
        if (request.Task == ModelTask.Multiclass)
        {
            data = ml.Transforms.Conversion.MapValueToKey(
                ColumnNames.Label, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(data).Transform(data);
        }

        return ml.Data.Cache(data);
    }

    // Each class weighs rows / (classes × its count), so every class counts as much in total.
    private static float[] BalancedWeights(TableColumn label, IReadOnlyList<string> classes)
    {
        var counts = label.Strings!.GroupBy(value => value!).ToDictionary(group => group.Key, group => group.Count());
        var rows = label.Length;
        return label.Strings!.Select(value => (float)rows / (classes.Count * counts[value!])).ToArray();
    }
}
