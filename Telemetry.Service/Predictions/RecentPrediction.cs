using System.Text.Json;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// One logged prediction as <c>GET /api/telemetry/predictions</c> lists it: its inputs, its output (a class with its
/// confidence, a value, or the error that stopped it) and its ground truth once known.
/// </summary>
public sealed record RecentPrediction(
    Guid PredictionId,
    int Version,
    string Route,
    JsonElement Inputs,
    string? Label,
    double? Value,
    double? Confidence,
    double LatencyMs,
    string? Error,
    DateTimeOffset ServedAt,
    string? Actual);