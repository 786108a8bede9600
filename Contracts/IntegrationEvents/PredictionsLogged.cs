using System.Text.Json;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// A batch of rows Inference served or scored in shadow, as one prediction block: a Parquet file written by
/// <see cref="PredictionBatchWriter"/>. The rows travel as one binary field rather than as an object per row, and a
/// consumer reads the columns it needs with <see cref="PredictionBlock"/>.
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

    /// <summary>Decodes the block's columns; a <see cref="FormatException"/> says the bytes are not a block.</summary>
    public PredictionBlock Block(BlockParts parts = BlockParts.All) => PredictionBlock.Read(Rows, parts);

    /// <summary>Decodes the rows as objects; a <see cref="FormatException"/> says the bytes are not a block.</summary>
    public IReadOnlyList<LoggedPrediction> Read() => Block().ToRows();
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