using Microsoft.ML;

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
        var data = TrainingPipeline.PrepareData(ml, table, request.Task, classes, request.BalanceClasses);
        var split = ml.Data.TrainTestSplit(data, request.TestFraction, seed: request.Seed);
        var folds = ml.Data.CrossValidationSplit(split.TrainSet, request.Folds, seed: request.Seed);

        var results = new List<TrialResult>();
        foreach (var trial in TrialPlanner.Plan(request.Trainers, request.Strategy, request.Trials, request.Seed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = CrossValidate(table, request, classes, trial, folds, cancellationToken);
            results.Add(result);
            await onTrial(result);
        }

        var best = results.Where(result => result.Error is null)
            .Aggregate((TrialResult?)null, (incumbent, candidate) => incumbent is null || Metrics.IsBetter(
                request.Metric, candidate.MeanMetrics[request.Metric], incumbent.MeanMetrics[request.Metric]) ? candidate : incumbent)
            ?? throw new InvalidOperationException($"Every trial failed; the first: {results.FirstOrDefault()?.Error}");

        cancellationToken.ThrowIfCancellationRequested();
        var model = Pipeline(ml, table, request, best).Fit(split.TrainSet);
        var heldOut = ModelEvaluator.Evaluate(ml, request.Task, model.Transform(split.TestSet), classes);
        return new SearchOutcome(results, best, heldOut, classes, model, data.Schema);
    }

    // Folds train in parallel, each on one thread under an MLContext of its own: a context's random source is not
    // thread-safe, and one per fold keeps a seeded search reproducible whatever the scheduling.
    private static TrialResult CrossValidate(
        TrainingTable table, SearchRequest request, IReadOnlyList<string> classes, PlannedTrial trial,
        IReadOnlyList<DataOperationsCatalog.TrainTestData> folds, CancellationToken cancellationToken)
    {
        var foldMetrics = new IReadOnlyDictionary<string, double>[folds.Count];
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism, CancellationToken = cancellationToken };
            Parallel.For(0, folds.Count, options, i =>
            {
                var ml = new MLContext(request.Seed);
                var model = Pipeline(ml, table, request, trial.Trainer, trial.HyperParameters, treeThreads: 1).Fit(folds[i].TrainSet);
                foldMetrics[i] = ModelEvaluator.Evaluate(ml, request.Task, model.Transform(folds[i].TestSet), classes).Metrics;
            });
        }
        catch (AggregateException ex)
        {
            var failure = ex.Flatten().InnerExceptions[0];
            return new TrialResult(trial.Number, trial.Trainer.Name, trial.HyperParameters,
                [.. foldMetrics.OfType<IReadOnlyDictionary<string, double>>()], new Dictionary<string, double>(), failure.Message);
        }

        var mean = foldMetrics.SelectMany(metrics => metrics.Keys).Distinct()
            .ToDictionary(key => key, key => foldMetrics.Average(metrics => metrics[key]));
        return new TrialResult(trial.Number, trial.Trainer.Name, trial.HyperParameters, foldMetrics, mean, null);
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, TrainingTable table, SearchRequest request, TrialResult trial) =>
        Pipeline(ml, table, request, request.Trainers.First(definition => definition.Name == trial.Trainer), trial.HyperParameters);

    private static IEstimator<ITransformer> Pipeline(
        MLContext ml, TrainingTable table, SearchRequest request, TrainerDefinition trainer, HyperParameters hyperParameters, int? treeThreads = null) =>
        TrainingPipeline.Build(ml, table, request.Task, trainer,
            new TrainerArguments(hyperParameters, request.BalanceClasses ? ColumnNames.Weight : null, request.Seed, treeThreads));
}