using Microsoft.ML;

using MlOps.ComponentTests.Learning;
using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Learning;

using Xunit;

namespace MlOps.ComponentTests.Training;

/// <summary>A challenger trained in memory against a champion saved and loaded as a package's model is.</summary>
public sealed class ChallengerComparisonsTests
{
    [Theory]
    [InlineData(ModelTask.Multiclass, "LbfgsMaximumEntropy", "FastTreeOva")]
    [InlineData(ModelTask.Binary, "LbfgsLogisticRegression", "FastForest")]
    public async Task Classifiers_are_compared_by_accuracy_with_the_rows_only_one_of_them_got_right(ModelTask task, string champion, string challenger)
    {
        var table = task == ModelTask.Binary ? await Tables.PimaAsync() : Tables.Clusters(300, seed: 2);
        var (evaluationRows, trainingRows) = EvaluationSplit.Split(table.Rows, 0.3, seed: 5);
        var training = table.TakeRows(trainingRows);
        var evaluation = table.TakeRows(evaluationRows);
        var championOutcome = await TrainAsync(training, task, champion);
        var challengerOutcome = await TrainAsync(training, task, challenger);

        var comparison = ChallengerComparisons.Compare(task, evaluation,
            new Contender(1, Reload(championOutcome), championOutcome.Classes), new Contender(2, challengerOutcome.Model, challengerOutcome.Classes));

        Assert.Equal(("accuracy", 1, 2, evaluation.Rows), (comparison.Metric, comparison.ChampionVersion, comparison.ChallengerVersion, comparison.Rows));
        Assert.True(comparison.ChampionValue > 0.6 && comparison.ChallengerValue > 0.6, comparison.ToString());
        Assert.Equal(comparison.ChallengerValue - comparison.ChampionValue, comparison.Margin, 12);
        Assert.Equal(comparison.ChallengerOnlyCorrect - comparison.ChampionOnlyCorrect, (int)Math.Round(comparison.Margin * evaluation.Rows));
        Assert.Equal(McNemar.Test(comparison.ChallengerOnlyCorrect!.Value, comparison.ChampionOnlyCorrect!.Value).PValue, comparison.PValue);
    }

    [Fact]
    public async Task A_model_against_its_own_saved_copy_scores_the_same_on_every_row()
    {
        var table = Tables.Clusters(300, seed: 4);
        var outcome = await TrainAsync(table, ModelTask.Multiclass, "LightGbm");

        var comparison = ChallengerComparisons.Compare(ModelTask.Multiclass, table,
            new Contender(1, Reload(outcome), outcome.Classes), new Contender(2, outcome.Model, outcome.Classes));

        Assert.True(comparison.ChampionValue > 0.9, comparison.ToString());
        Assert.Equal((0.0, 0, 0, 1.0), (comparison.Margin, comparison.ChallengerOnlyCorrect!.Value, comparison.ChampionOnlyCorrect!.Value, comparison.PValue!.Value));
    }

    [Fact]
    public async Task Regressors_are_compared_by_rmse_with_a_margin_positive_when_the_challenger_errs_less()
    {
        var table = Tables.Linear(300, seed: 6);
        var (evaluationRows, trainingRows) = EvaluationSplit.Split(table.Rows, 0.3, seed: 5);
        var evaluation = table.TakeRows(evaluationRows);
        var championOutcome = await TrainAsync(table.TakeRows(trainingRows), ModelTask.Regression, "FastForest");
        var challengerOutcome = await TrainAsync(table.TakeRows(trainingRows), ModelTask.Regression, "Sdca");

        var comparison = ChallengerComparisons.Compare(ModelTask.Regression, evaluation,
            new Contender(3, Reload(championOutcome), []), new Contender(4, challengerOutcome.Model, []));

        Assert.Equal(("rmse", evaluation.Rows), (comparison.Metric, comparison.Rows));
        Assert.True(comparison.ChallengerValue < comparison.ChampionValue, comparison.ToString());
        Assert.Equal(comparison.ChampionValue - comparison.ChallengerValue, comparison.Margin, 12);
        Assert.Null(comparison.PValue);
    }

    [Fact]
    public async Task Without_evaluation_rows_the_comparison_has_no_rows_and_no_margin()
    {
        var table = Tables.Clusters(90, seed: 1);
        var outcome = await TrainAsync(table, ModelTask.Multiclass, "LbfgsMaximumEntropy");

        var comparison = ChallengerComparisons.Compare(ModelTask.Multiclass, table.TakeRows([]),
            new Contender(1, outcome.Model, outcome.Classes), new Contender(2, outcome.Model, outcome.Classes));

        Assert.Equal((0, 0.0, 1.0), (comparison.Rows, comparison.Margin, comparison.PValue!.Value));
    }

    private static Task<SearchOutcome> TrainAsync(TrainingTable table, ModelTask task, string trainer) =>
        ModelSearch.RunAsync(table,
            new SearchRequest(task, [TrainerCatalog.Find(task, trainer)!], SearchStrategy.Random, Trials: 1, Folds: 2,
                Metrics.DefaultFor(task), TestFraction: 0.2, BalanceClasses: false, Seed: 1),
            _ => Task.CompletedTask, CancellationToken.None);

    private static ITransformer Reload(SearchOutcome outcome)
    {
        var ml = new MLContext();
        using var saved = new MemoryStream();
        ml.Model.Save(outcome.Model, outcome.InputSchema, saved);
        saved.Position = 0;
        return ml.Model.Load(saved, out _);
    }
}