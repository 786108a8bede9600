using System.Text.Json;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// A batch of rows Inference served or scored in shadow, encoded by <see cref="PredictionBatchWriter"/>. The rows
/// travel as one binary field rather than as an object per row: the message serializer then reads a single string
/// however many rows the batch holds, and a consumer decodes the rows once with <see cref="Read"/>.
/// </summary>
public sealed record PredictionsLogged(byte[] Rows)
{
    public static PredictionsLogged Of(IEnumerable<LoggedPrediction> rows)
    {
        var writer = new PredictionBatchWriter();
        foreach (var row in rows)
        {
            writer.Add(row);
        }

        return writer.ToMessage();
    }

    /// <summary>Decodes the rows; a <see cref="FormatException"/> says the bytes are not a batch this contract wrote.</summary>
    public IReadOnlyList<LoggedPrediction> Read() => PredictionBatchReader.Read(Rows);
}

/// <summary>One scored row: its inputs, its output and how it was served.</summary>
/// <param name="Inputs">The feature values as one JSON object keyed by feature name.</param>
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