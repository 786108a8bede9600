namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// A model's traffic over a window: the whole window in <see cref="Total"/>, then each bucket that has predictions,
/// oldest first. Buckets without predictions are left out.
/// </summary>
public sealed record StatisticsReport(
    string Model,
    int? Version,
    DateTimeOffset From,
    DateTimeOffset To,
    string Interval,
    StatisticsBucket Total,
    IReadOnlyList<StatisticsBucket> Buckets);

/// <summary>
/// The predictions served in [Start, End): those that answered a request (champion and challenger routes) and, apart,
/// those only scored in shadow, which never answered anyone.
/// </summary>
public sealed record StatisticsBucket(DateTimeOffset Start, DateTimeOffset End, TrafficStatistics Served, TrafficStatistics Shadow);

/// <param name="Requests">How many predictions.</param>
/// <param name="PerClass">Predictions per predicted class (classification models).</param>
/// <param name="PerVersion">Predictions per model version.</param>
/// <param name="PerRoute">Predictions per route: champion and challenger, or shadow.</param>
/// <param name="ConfidenceHistogram">
/// Predictions per confidence (the highest class probability) in ten bins over [0, 1]: bin i holds [i/10, (i+1)/10),
/// the last also 1. Predictions without probabilities are in none.
/// </param>
/// <param name="LatencyMs">Mean and percentiles of the serving latency; null without predictions.</param>
/// <param name="Errors">Predictions logged as failures (with an <c>error</c>). Inference logs only answered requests, so its rows never count.</param>
/// <param name="ErrorRate">Errors divided by requests; 0 without requests.</param>
/// <param name="Labelled">Predictions joined to a ground-truth label.</param>
/// <param name="Accuracy">Of the labelled predictions with a predicted class, the share whose class equals the label.</param>
/// <param name="Rmse">
/// Of the labelled predictions with only a predicted value (regression) and a numeric label, the root mean squared
/// difference between value and label.
/// </param>
public sealed record TrafficStatistics(
    long Requests,
    IReadOnlyDictionary<string, long> PerClass,
    IReadOnlyDictionary<string, long> PerVersion,
    IReadOnlyDictionary<string, long> PerRoute,
    IReadOnlyList<long> ConfidenceHistogram,
    LatencyStatistics? LatencyMs,
    long Errors,
    double ErrorRate,
    long Labelled,
    double? Accuracy,
    double? Rmse);

public sealed record LatencyStatistics(double Mean, double P50, double P95, double P99);