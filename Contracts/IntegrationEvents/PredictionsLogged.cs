using System.Text.Json;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>A batch of rows Inference served or scored in shadow.</summary>
public sealed record PredictionsLogged(IReadOnlyList<LoggedPrediction> Predictions);

/// <summary>One scored row: its inputs, its output and how it was served.</summary>
public sealed record LoggedPrediction(
    Guid PredictionId,
    string Model,
    int Version,
    string Route,
    IReadOnlyDictionary<string, JsonElement> Inputs,
    string? Label,
    double? Value,
    IReadOnlyDictionary<string, double>? Probabilities,
    double LatencyMs,
    DateTimeOffset ServedAt,
    string Tenant);