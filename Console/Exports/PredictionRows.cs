using MlOps.Console.Api.Telemetry;

namespace MlOps.Console.Exports;

/// <summary>The CSV rows of the predictions exports.</summary>
public static class PredictionRows
{
    public static readonly IReadOnlyList<string> PredictionHeader =
        ["servedAt", "predictionId", "version", "route", "label", "value", "confidence", "latencyMs", "error", "actual", "inputs"];

    private const int ConfidenceBins = 10;

    public static IReadOnlyList<object?> Prediction(RecentPrediction row) =>
        [row.ServedAt, row.PredictionId, row.Version, row.Route, row.Label, row.Value, row.Confidence, row.LatencyMs, row.Error, row.Actual, row.Inputs.GetRawText()];

    /// <summary>The bucket, its measures, one column per class, then one per confidence bin.</summary>
    public static IReadOnlyList<string> StatisticsHeader(IReadOnlyList<string> classes) =>
    [
        "start", "end", "requests", "errors", "errorRate", "latencyP50Ms", "latencyP95Ms", "labelled", "accuracy",
        .. classes.Select(name => $"class:{name}"),
        .. StatisticsSeries.ConfidenceBins(ConfidenceBins).Select(bin => $"confidence:{bin.Replace('–', '-')}"),
    ];

    public static IReadOnlyList<object?> Statistics(StatisticsBucket bucket, IReadOnlyList<string> classes)
    {
        var served = bucket.Served;
        return
        [
            bucket.Start, bucket.End, served.Requests, served.Errors, served.ErrorRate, served.LatencyMs?.P50, served.LatencyMs?.P95, served.Labelled, served.Accuracy,
            .. classes.Select(name => (object?)served.PerClass.GetValueOrDefault(name)),
            .. Enumerable.Range(0, ConfidenceBins).Select(i => (object?)(i < served.ConfidenceHistogram.Count ? served.ConfidenceHistogram[i] : 0)),
        ];
    }
}