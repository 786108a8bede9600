namespace MlOps.Console.Api.Registry;

/// <summary>Where a version came from: the dataset version it was trained on, the run and the training job.</summary>
public sealed record VersionLineage(string? JobId, string? RunId, DatasetReference? Dataset);

public sealed record DatasetReference(string Name, int Version, string? Sha256);