namespace MlOps.Monitoring.Service.Checks;

/// <summary>One drift check of a model version over a time window, as stored and listed.</summary>
public sealed record DriftReport(
    Guid Id,
    string Model,
    int Version,
    string Trigger,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset CreatedAt,
    long Rows,
    long ReferenceRows,
    DatasetVerdict Dataset,
    IReadOnlyList<SeriesDrift> Features,
    SeriesDrift? Prediction,
    ConceptDrift Concept,
    LatencySummary Latency);

/// <summary>
/// The verdict over all features: drifted when <see cref="DriftedShare"/> reaches <see cref="ShareThreshold"/> or a
/// critical feature drifted; not given (<see cref="InsufficientData"/>) when the window has too few rows.
/// </summary>
public sealed record DatasetVerdict(
    bool Drifted,
    bool InsufficientData,
    int DriftedFeatures,
    int TestedFeatures,
    double DriftedShare,
    double ShareThreshold,
    IReadOnlyList<string> CriticalDrifted);

/// <summary>
/// One feature's (or the prediction's) test against the reference, its PSI beside it, and both histograms over the
/// same bins for plotting: numeric bins by <see cref="Edges"/>, categorical ones by <see cref="Categories"/> then "other".
/// </summary>
public sealed record SeriesDrift(
    string Name,
    string Kind,
    string Method,
    double? Statistic,
    double? PValue,
    double Threshold,
    bool Drifted,
    bool InsufficientData,
    double? Psi,
    bool Critical,
    IReadOnlyList<double>? Edges,
    IReadOnlyList<string>? Categories,
    IReadOnlyList<long> Reference,
    IReadOnlyList<long> Current,
    long ReferenceMissing,
    long CurrentMissing);

/// <summary>
/// Live quality from feedback against the held-out metric in the manifest. <see cref="Drop"/> is how much worse live
/// is (accuracy points lost; for regression the relative rise of RMSE); drifted when it reaches the threshold and a
/// one-sided test says it is not chance (<see cref="PValue"/> below 0.05).
/// </summary>
public sealed record ConceptDrift(
    string Metric,
    double? Reference,
    double? Live,
    double? Drop,
    double? PValue,
    double Threshold,
    long LabelledRows,
    bool Drifted,
    bool InsufficientData);

public sealed record LatencySummary(double? P50Ms, double? P95Ms, double? P99Ms);