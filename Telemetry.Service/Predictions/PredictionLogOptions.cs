namespace MlOps.Telemetry.Service.Predictions;

public sealed class PredictionLogOptions
{
    /// <summary>The most predictions one POST may carry; more is a 413.</summary>
    public int MaxPredictionsPerRequest { get; set; } = 10_000;

    /// <summary>The most ground-truth labels one POST may carry; more is a 413.</summary>
    public int MaxFeedbackPerRequest { get; set; } = 1_000;

    /// <summary>The largest request body accepted, in bytes; more is a 413.</summary>
    public long MaxBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>How old a prediction logged over HTTP may be.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(366);

    /// <summary>How far ahead of this server's clock a prediction's served time may be.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most buckets one statistics request may ask for.</summary>
    public int MaxStatisticsBuckets { get; set; } = 1_000;

    /// <summary>The most recent predictions one listing may return.</summary>
    public int MaxRecentPredictions { get; set; } = 500;

    /// <summary>Up to this many predictions in a statistics window, latency percentiles are exact rather than from histograms.</summary>
    public int ExactLatencyRows { get; set; } = 100_000;

    /// <summary>The longest window one Parquet export may cover.</summary>
    public TimeSpan MaxExportWindow { get; set; } = TimeSpan.FromDays(31);
}