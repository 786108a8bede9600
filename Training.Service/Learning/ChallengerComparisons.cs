using MlOps.Contracts.IntegrationEvents;
using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// Scores a challenger and the champion on the same labelled rows: accuracy and McNemar's test for classifiers,
/// rmse for regression. The margin is positive when the challenger did better.
/// </summary>
public static class ChallengerComparisons
{
    public static ChallengerComparison Compare(ModelTask task, TrainingTable rows, Contender champion, Contender challenger) =>
        task == ModelTask.Regression ? Regression(rows, champion, challenger) : Classification(task, rows, champion, challenger);

    private static ChallengerComparison Classification(ModelTask task, TrainingTable rows, Contender champion, Contender challenger)
    {
        if (rows.Rows == 0)
        {
            return new ChallengerComparison(Metrics.Accuracy, champion.Version, challenger.Version, 0, 0, 0, 0, 0, 0, 1);
        }

        var actual = rows.Label.Strings!;
        var championRight = Correct(ModelScorer.Classify(champion.Model, rows, task, champion.Classes), actual);
        var challengerRight = Correct(ModelScorer.Classify(challenger.Model, rows, task, challenger.Classes), actual);
        var challengerOnly = championRight.Zip(challengerRight).Count(pair => pair.Second && !pair.First);
        var championOnly = championRight.Zip(challengerRight).Count(pair => pair.First && !pair.Second);
        var championAccuracy = (double)championRight.Count(right => right) / rows.Rows;
        var challengerAccuracy = (double)challengerRight.Count(right => right) / rows.Rows;
        return new ChallengerComparison(Metrics.Accuracy, champion.Version, challenger.Version, championAccuracy, challengerAccuracy,
            challengerAccuracy - championAccuracy, rows.Rows, challengerOnly, championOnly, McNemar.Test(challengerOnly, championOnly).PValue);
    }

    private static ChallengerComparison Regression(TrainingTable rows, Contender champion, Contender challenger)
    {
        if (rows.Rows == 0)
        {
            return new ChallengerComparison(Metrics.Rmse, champion.Version, challenger.Version, 0, 0, 0, 0, null, null, null);
        }

        var actual = rows.Label.Numbers!;
        var championRmse = Rmse(ModelScorer.Regress(champion.Model, rows), actual);
        var challengerRmse = Rmse(ModelScorer.Regress(challenger.Model, rows), actual);
        return new ChallengerComparison(Metrics.Rmse, champion.Version, challenger.Version, championRmse, challengerRmse,
            championRmse - challengerRmse, rows.Rows, null, null, null);
    }

    private static bool[] Correct(string[] predicted, string?[] actual) =>
        [.. predicted.Select((label, row) => label == actual[row])];

    private static double Rmse(float[] predicted, float[] actual) =>
        Math.Sqrt(predicted.Select((value, row) => Math.Pow(value - actual[row], 2)).Average());
}