namespace MlOps.Console.Api.Monitoring;

/// <summary>One drift check in full: the dataset verdict, each feature's test with both histograms, prediction and concept drift.</summary>
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
    DriftVerdict Dataset,
    IReadOnlyList<SeriesDrift> Features,
    SeriesDrift? Prediction,
    ConceptDrift Concept,
    LatencySummary Latency);

/// <summary>
/// A feature's (or the prediction's) test against the training reference, with both histograms over the same bins:
/// numeric bins between <see cref="Edges"/>, categorical ones by <see cref="Categories"/> then "other".
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

/// <summary>Live quality from feedback against the held-out metric the version was trained to.</summary>
public sealed record ConceptDrift(
    string Metric, double? Reference, double? Live, double? Drop, double? PValue, double Threshold, long LabelledRows, bool Drifted, bool InsufficientData);

public sealed record LatencySummary(double? P50Ms, double? P95Ms, double? P99Ms);