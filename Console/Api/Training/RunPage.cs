namespace MlOps.Console.Api.Training;

/// <summary><c>GET /api/training/runs</c>: a page of runs; <see cref="NextPageToken"/> is set when more match.</summary>
public sealed record RunPage(IReadOnlyList<TrackedRun> Runs, string? NextPageToken);