using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Learning;

using Xunit;

namespace MlOps.ComponentTests.Learning;

public sealed class ModelSearchTests
{
    [Fact]
    public async Task Pima_search_cross_validates_every_trial_and_evaluates_the_best_on_held_out_rows()
    {
        var table = await Tables.PimaAsync();
        var trainers = new[] { "FastForest", "LbfgsLogisticRegression" }.Select(name => TrainerCatalog.Find(ModelTask.Binary, name)!).ToList();
        var logged = new List<TrialResult>();

        var outcome = await ModelSearch.RunAsync(
            table,
            new SearchRequest(ModelTask.Binary, trainers, SearchStrategy.Random, Trials: 4, Folds: 5, Metrics.Auc, TestFraction: 0.2, BalanceClasses: false, Seed: 7),
            trial => { logged.Add(trial); return Task.CompletedTask; },
            CancellationToken.None);

        Assert.Equal(4, logged.Count);
        Assert.All(logged, trial => Assert.Equal(5, trial.FoldMetrics.Count));
        Assert.Equal(["FastForest", "LbfgsLogisticRegression"], logged.Select(trial => trial.Trainer).Distinct().Order());
        Assert.Equal(logged.Max(trial => trial.MeanMetrics[Metrics.Auc]), outcome.Best.MeanMetrics[Metrics.Auc]);
        Assert.True(outcome.Best.MeanMetrics[Metrics.Auc] > 0.8, $"cross-validated AUC {outcome.Best.MeanMetrics[Metrics.Auc]}");

        Assert.Equal(["neg", "pos"], outcome.Classes);
        Assert.True(outcome.HeldOut.Metrics[Metrics.Auc] > 0.75, $"held-out AUC {outcome.HeldOut.Metrics[Metrics.Auc]}");
        Assert.Contains(Metrics.F1, outcome.HeldOut.Metrics.Keys);
        var confusion = outcome.HeldOut.Confusion!;
        var heldOutRows = confusion.Counts.Sum(row => row.Sum());
        Assert.InRange(heldOutRows, 100, 220);
        Assert.Equal(heldOutRows, confusion.PerClass.Sum(report => report.Support));
    }

    [Fact]
    public async Task Folds_trained_in_parallel_score_exactly_as_folds_trained_one_after_another()
    {
        var table = await Tables.PimaAsync();
        var trainers = new[] { "FastTree", "LightGbm", "SdcaLogisticRegression" }.Select(name => TrainerCatalog.Find(ModelTask.Binary, name)!).ToList();

        async Task<List<TrialResult>> SearchAsync(int parallelism)
        {
            var logged = new List<TrialResult>();
            await ModelSearch.RunAsync(
                table,
                new SearchRequest(ModelTask.Binary, trainers, SearchStrategy.Random, Trials: 3, Folds: 4, Metrics.Auc, 0.2, false, Seed: 3, parallelism),
                trial => { logged.Add(trial); return Task.CompletedTask; },
                CancellationToken.None);
            return logged;
        }

        var sequential = await SearchAsync(1);
        var parallel = await SearchAsync(2);

        Assert.All(sequential.Zip(parallel), pair =>
        {
            Assert.Null(pair.First.Error);
            Assert.Equal(pair.First.FoldMetrics.Select(fold => fold[Metrics.Auc]), pair.Second.FoldMetrics.Select(fold => fold[Metrics.Auc]));
        });
    }

    [Fact]
    public async Task Multiclass_search_learns_separable_clusters_with_missing_values_and_categories()
    {
        var outcome = await ModelSearch.RunAsync(
            Tables.Clusters(600, seed: 3),
            new SearchRequest(ModelTask.Multiclass, [TrainerCatalog.Find(ModelTask.Multiclass, "LightGbm")!], SearchStrategy.Grid,
                Trials: 1, Folds: 3, Metrics.Accuracy, TestFraction: 0.25, BalanceClasses: true, Seed: 1),
            _ => Task.CompletedTask,
            CancellationToken.None);

        Assert.Equal(["alpha", "beta", "gamma"], outcome.Classes);
        Assert.True(outcome.HeldOut.Metrics[Metrics.Accuracy] > 0.95, $"accuracy {outcome.HeldOut.Metrics[Metrics.Accuracy]}");
        Assert.Equal(3, outcome.HeldOut.Confusion!.Counts.Count);
        Assert.All(outcome.HeldOut.Confusion.PerClass, report => Assert.True(report.F1 > 0.9, $"{report.Class} F1 {report.F1}"));
    }

    [Fact]
    public async Task Regression_search_recovers_a_linear_relation()
    {
        var outcome = await ModelSearch.RunAsync(
            Tables.Linear(500, seed: 5),
            new SearchRequest(ModelTask.Regression, [.. TrainerCatalog.For(ModelTask.Regression).Where(t => t.Name is "Sdca" or "FastTree")],
                SearchStrategy.Random, Trials: 2, Folds: 3, Metrics.Rmse, TestFraction: 0.2, BalanceClasses: false, Seed: 2),
            _ => Task.CompletedTask,
            CancellationToken.None);

        Assert.True(outcome.HeldOut.Metrics[Metrics.R2] > 0.95, $"R² {outcome.HeldOut.Metrics[Metrics.R2]}");
        Assert.Null(outcome.HeldOut.Confusion);
        Assert.Equal(outcome.Trials.Min(trial => trial.MeanMetrics[Metrics.Rmse]), outcome.Best.MeanMetrics[Metrics.Rmse]);
    }

    [Fact]
    public async Task A_cancelled_search_stops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ModelSearch.RunAsync(
            Tables.Linear(100, seed: 1),
            new SearchRequest(ModelTask.Regression, TrainerCatalog.For(ModelTask.Regression), SearchStrategy.Random, 3, 3, Metrics.Rmse, 0.2, false, 1),
            _ => Task.CompletedTask,
            cancelled.Token));
    }
}