using System.Text.Json;

namespace MlOps.Registry.Service.Catalog;

/// <summary>
/// A registered version as the API shows it. <see cref="Metrics"/> holds the held-out metrics by name plus
/// <c>crossValidated</c>; <see cref="Manifest"/> is the package's whole manifest.
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
    JsonElement Lineage,
    JsonElement Manifest,
    Actor CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);