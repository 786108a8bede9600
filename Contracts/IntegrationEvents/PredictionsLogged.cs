using System.Text.Json;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>A batch of rows Inference served or scored in shadow.</summary>
public sealed record PredictionsLogged(IReadOnlyList<LoggedPrediction> Predictions);

/// <summary>One scored row: its inputs, its output and how it was served.</summary>
/// <param name="Inputs">
/// The feature values as one JSON object keyed by feature name. One element rather than a dictionary of them: a
/// consumer reads a batch's rows without building a document per value.
/// </param>
public sealed record LoggedPrediction(
    Guid PredictionId,
    string Model,
    int Version,
    string Route,
    JsonElement Inputs,
    string? Label,
    double? Value,
    IReadOnlyDictionary<string, double>? Probabilities,
    double LatencyMs,
    DateTimeOffset ServedAt,
    string Tenant);