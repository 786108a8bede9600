using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>Serving and prediction-logging settings, bound from the <c>Inference</c> configuration section.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>Rows one predict request may carry; more is answered 413.</summary>
    public int MaxBatchRows { get; set; } = 10_000;

    /// <summary>Bytes one predict request body may have; more is answered 413.</summary>
    public long MaxRequestBytes { get; set; } = 64L << 20;

    /// <summary>What a categorical value the model never saw in training does to a request.</summary>
    public UnseenCategoryPolicy UnseenCategories { get; set; } = UnseenCategoryPolicy.Reject;

    /// <summary>Problems listed in one 400 answer; the rest are only counted.</summary>
    public int MaxReportedProblems { get; set; } = 100;

    /// <summary>How far a downloaded model package may inflate while it is read.</summary>
    public ModelPackageLimits PackageLimits { get; set; } = new();

    /// <summary>How often every deployment is compared with the registry, in case a change event was missed.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long to wait before trying again after the registry could not be reached.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests waiting for the challenger to score them in shadow; past it shadow scoring is skipped.</summary>
    public int ShadowQueueRequests { get; set; } = 1_000;

    /// <summary>
    /// Rows served but not yet taken by the log batcher. Together with <see cref="LogPendingRows"/> it bounds the rows
    /// the log holds in memory: past both, while the spill folder is full too, predict requests are refused with 503.
    /// </summary>
    public int LogQueueRows { get; set; } = 200_000;

    /// <summary>Rows in one published <c>PredictionsLogged</c> block; a block holds one model version's rows.</summary>
    public int LogBatchSize { get; set; } = 5_000;

    /// <summary>How long a started batch waits to fill before it is published anyway.</summary>
    public TimeSpan LogFlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one publish may wait for the broker before the batch is kept for a later attempt.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Rows of sealed batches kept in memory while the broker is away or slower than serving; older batches beyond it
    /// are spilled to files.
    /// </summary>
    public int LogPendingRows { get; set; } = 50_000;

    /// <summary>The folder batches are spilled to while the log falls behind, and replayed from, oldest first.</summary>
    public string SpillFolder { get; set; } = Path.Combine(Path.GetTempPath(), "mlops-inference-spill");

    /// <summary>
    /// Bytes the spill folder may hold. Batches that do not fit wait in memory, and once the memory bounds are passed
    /// too, predict requests are refused until the log drains. Only at shutdown may the folder grow past it.
    /// </summary>
    public long MaxSpillBytes { get; set; } = 1L << 30;
}