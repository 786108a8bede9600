using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;

namespace MlOps.ComponentTests.Telemetry;

/// <summary>
/// A prediction as a test sends it: posted over HTTP as itself (its JSON is the API's row shape), or published as
/// Inference logs it.
/// </summary>
public sealed record TestPrediction(
    Guid PredictionId,
    string Model,
    int Version,
    string Route,
    IReadOnlyDictionary<string, object> Inputs,
    string? Label,
    double? Value,
    IReadOnlyDictionary<string, double>? Probabilities,
    double LatencyMs,
    DateTimeOffset ServedAt,
    string? Error = null)
{
    /// <summary>A binary classification of <paramref name="label"/> with <paramref name="confidence"/> as its probability.</summary>
    public static TestPrediction Classified(
        string label, double confidence, DateTimeOffset servedAt, string route = "champion", int version = 1,
        string model = "churn", IReadOnlyDictionary<string, object>? inputs = null, double latencyMs = 2.5) => new(
        Guid.NewGuid(),
        model,
        version,
        route,
        inputs ?? new Dictionary<string, object> { ["age"] = 42, ["plan"] = "pro" },
        label,
        null,
        new Dictionary<string, double> { [label] = confidence, [label == "yes" ? "no" : "yes"] = Math.Round(1 - confidence, 6) },
        latencyMs,
        servedAt);

    public static TestPrediction Regressed(double value, DateTimeOffset servedAt, string model = "price", double latencyMs = 1.5) => new(
        Guid.NewGuid(), model, 1, "champion", new Dictionary<string, object> { ["rooms"] = 3 }, null, value, null, latencyMs, servedAt);

    public LoggedPrediction Logged(string tenant) => new(
        PredictionId,
        Model,
        Version,
        Route,
        JsonSerializer.SerializeToElement(Inputs),
        Label,
        Value,
        Probabilities,
        LatencyMs,
        ServedAt,
        tenant);

    /// <summary>The highest class probability, as the log keeps it.</summary>
    public double? ConfidenceOf() => Probabilities is { Count: > 0 } probabilities ? probabilities.Values.Max() : null;
}