using System.Text.Json;

namespace MlOps.Console.Api.Registry;

/// <summary>
/// A registered version. Its metrics are the held-out metrics by name plus <c>crossValidated</c>; of its manifest only
/// the task, label and trainer are read.
/// </summary>
public sealed record ModelVersion(
    string Model,
    int Version,
    string Sha256,
    long Size,
    string Status,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Aliases,
    JsonElement Metrics,
    VersionLineage? Lineage,
    VersionManifest? Manifest,
    Actor CreatedBy,
    DateTimeOffset CreatedAt)
{
    public IReadOnlyDictionary<string, double> HeldOut { get; } = MetricValues.Read(Metrics);

    public IReadOnlyDictionary<string, double> CrossValidated { get; } =
        Metrics.ValueKind == JsonValueKind.Object && Metrics.TryGetProperty("crossValidated", out var crossValidated)
            ? MetricValues.Read(crossValidated)
            : MetricValues.None;

    public string? Trainer => Manifest?.Trainer?.Name;
}