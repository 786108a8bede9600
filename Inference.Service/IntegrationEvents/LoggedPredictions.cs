using System.Buffers;
using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Contracts.ModelPackages;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// Turns scored rows into the <see cref="LoggedPrediction"/> records the event carries. This happens in the batcher,
/// off the request path: the rows' inputs are written as one JSON document and parsed once, each row's inputs an object
/// in it, and each row's probabilities a view over the scored batch rather than a dictionary of its own.
/// </summary>
internal static class LoggedPredictions
{
    public static void Append(ScoredBatch batch, int start, int count, List<LoggedPrediction> into)
    {
        var model = batch.Model;
        var classes = model.Manifest.Label.Classes;
        var row = start;
        foreach (var inputs in InputsOf(batch, start, count).EnumerateArray())
        {
            into.Add(new LoggedPrediction(
                batch.PredictionIds[row],
                model.Key.Name,
                model.Version,
                batch.Route,
                inputs,
                batch.Labels is { } labels ? classes[labels[row]] : null,
                batch.Values is { } values && float.IsFinite(values[row]) ? values[row] : null,
                batch.Probabilities is { } probabilities ? new RowProbabilities(classes, probabilities, row * classes.Count) : null,
                batch.LatencyMs,
                batch.ServedAt,
                model.Key.Tenant));
            row++;
        }
    }

    /// <summary>The rows' inputs as one JSON array of objects, each row's values by feature name.</summary>
    private static JsonElement InputsOf(ScoredBatch batch, int start, int count)
    {
        var inputs = batch.Model.Inputs;
        var table = batch.Inputs;
        var buffer = new ArrayBufferWriter<byte>(count * inputs.Count * 8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var row = start; row < start + count; row++)
            {
                writer.WriteStartObject();
                for (var feature = 0; feature < inputs.Count; feature++)
                {
                    writer.WritePropertyName(inputs.Utf8Names[feature]);
                    if (inputs.Features[feature].Kind == FeatureKind.Numeric)
                    {
                        var number = table.Numbers[feature]![row];
                        if (float.IsNaN(number))
                        {
                            writer.WriteNullValue();
                        }
                        else
                        {
                            writer.WriteNumberValue(number);
                        }
                    }
                    else if (table.Texts[feature]![row] is { IsEmpty: false } text)
                    {
                        writer.WriteStringValue(text.Span);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}