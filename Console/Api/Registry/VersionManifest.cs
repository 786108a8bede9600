using System.Text.Json;

namespace MlOps.Console.Api.Registry;

/// <summary>The parts of a version's package manifest the console shows.</summary>
public sealed record VersionManifest(string? Task, ManifestLabel? Label, ManifestTrainer? Trainer);

public sealed record ManifestLabel(string Name, IReadOnlyList<string>? Classes);

public sealed record ManifestTrainer(string Name, IReadOnlyDictionary<string, JsonElement>? HyperParameters);