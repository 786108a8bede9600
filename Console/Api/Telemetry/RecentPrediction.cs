using System.Text.Json;

namespace MlOps.Console.Api.Telemetry;

/// <summary><c>GET /api/telemetry/predictions</c>: one logged prediction, newest first.</summary>
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