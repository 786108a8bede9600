using Microsoft.ML;
using Microsoft.ML.Data;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>Scores a model's predictions against the label with ML.NET's evaluators.</summary>
internal static class ModelEvaluator
{
    public static Evaluation Evaluate(MLContext ml, ModelTask task, IDataView scored, IReadOnlyList<string> classes) => task switch
    {
        ModelTask.Binary => Binary(ml, scored, classes),
        ModelTask.Multiclass => Multiclass(ml, scored, classes),
        _ => Regression(ml, scored),
    };

    private static Evaluation Binary(MLContext ml, IDataView scored, IReadOnlyList<string> classes)
    {
        var metrics = new Dictionary<string, double>();
        BinaryClassificationMetrics result;
        if (scored.Schema.GetColumnOrNull("Probability") is not null)
        {
            var calibrated = ml.BinaryClassification.Evaluate(scored, ColumnNames.Label);
            metrics[Metrics.LogLoss] = calibrated.LogLoss;
            result = calibrated;
        }
        else
        {
            result = ml.BinaryClassification.EvaluateNonCalibrated(scored, ColumnNames.Label);
        }

        metrics[Metrics.Auc] = result.AreaUnderRocCurve;
        metrics[Metrics.Accuracy] = result.Accuracy;
        metrics[Metrics.F1] = result.F1Score;
        metrics[Metrics.Precision] = result.PositivePrecision;
        metrics[Metrics.Recall] = result.PositiveRecall;
        // ML.NET orders a binary confusion matrix positive first; classes[1] is the positive class.
        return new Evaluation(metrics, Confusion([classes[1], classes[0]], result.ConfusionMatrix));
    }

    private static Evaluation Multiclass(MLContext ml, IDataView scored, IReadOnlyList<string> classes)
    {
        var result = ml.MulticlassClassification.Evaluate(scored, ColumnNames.Label);
        var confusion = Confusion(classes, result.ConfusionMatrix);
        var metrics = new Dictionary<string, double>
        {
            [Metrics.Accuracy] = result.MicroAccuracy,
            ["macroAccuracy"] = result.MacroAccuracy,
            [Metrics.LogLoss] = result.LogLoss,
            [Metrics.F1] = confusion.PerClass.Average(report => report.F1),
        };
        return new Evaluation(metrics, confusion);
    }

    private static Evaluation Regression(MLContext ml, IDataView scored)
    {
        var result = ml.Regression.Evaluate(scored, ColumnNames.Label);
        return new Evaluation(new Dictionary<string, double>
        {
            [Metrics.Rmse] = result.RootMeanSquaredError,
            [Metrics.Mae] = result.MeanAbsoluteError,
            [Metrics.R2] = result.RSquared,
        }, null);
    }

    private static ConfusionReport Confusion(IReadOnlyList<string> classes, ConfusionMatrix matrix)
    {
        var counts = matrix.Counts.Select(row => (IReadOnlyList<long>)row.Select(count => (long)count).ToList()).ToList();
        var perClass = new List<ClassReport>();
        for (var i = 0; i < counts.Count; i++)
        {
            var truePositives = counts[i][i];
            var actual = counts[i].Sum();
            var predicted = counts.Sum(row => row[i]);
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = actual == 0 ? 0 : (double)truePositives / actual;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassReport(classes[i], precision, recall, f1, actual));
        }

        return new ConfusionReport(classes, counts, perClass);
    }
}