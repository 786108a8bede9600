using MlOps.Console.Api;
using MlOps.Console.Api.Registry;
using MlOps.Console.Api.Telemetry;

namespace MlOps.Console.Models;

/// <summary>The champion or the challenger: its version, what the registry holds of it and its live statistics.</summary>
public sealed record Contender(string Role, int Version, ModelVersion? Details, StatisticsReport? Live, ApiProblem? LiveProblem);