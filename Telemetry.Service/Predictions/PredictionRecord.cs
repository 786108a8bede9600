using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>One prediction as the log keeps it, whether Inference published it or a client posted it.</summary>
/// <param name="Inputs">The feature values, as the text of a JSON object.</param>
/// <param name="Error">Why serving failed, for a request logged as a failure; such a row has no output.</param>
public sealed record PredictionRecord(
    string Tenant,
    Guid PredictionId,
    string Model,
    int Version,
    string Route,
    string Inputs,
    string? Label,
    double? Value,
    IReadOnlyDictionary<string, double>? Probabilities,
    double LatencyMs,
    DateTimeOffset ServedAt,
    string? Error)
{
    /// <summary>The highest class probability; null when the model gave no probabilities.</summary>
    public double? Confidence => Probabilities is { Count: > 0 } probabilities ? probabilities.Values.Max() : null;

    /// <summary>Adds the prediction to a block being written.</summary>
    public void WriteTo(PredictionBatchWriter block)
    {
        block.Add(PredictionId, Tenant, Model, Version, Route, Label, Value, Probabilities?.Keys.ToList(),
            Probabilities?.Values.ToArray() ?? [], LatencyMs, ServedAt, Error);
        using var inputs = JsonDocument.Parse(Inputs);
        foreach (var input in inputs.RootElement.EnumerateObject())
        {
            block.Input(input.Name).Json(input.Value);
        }
    }
}