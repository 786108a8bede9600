using System.Reflection;
using System.Text.Json;

using Microsoft.AspNetCore.Http.Metadata;

using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.Apis;

/// <summary>
/// Writes a <see cref="PredictionsResponse"/> straight from a <see cref="ScoredBatch"/>'s column arrays, with names
/// encoded once, instead of building an object per row to serialize.
/// </summary>
public sealed class PredictionsResult(ScoredBatch batch) : IResult, IEndpointMetadataProvider
{
    private static readonly JsonEncodedText Predictions = JsonEncodedText.Encode("predictions");
    private static readonly JsonEncodedText PredictionId = JsonEncodedText.Encode("predictionId");
    private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Probabilities = JsonEncodedText.Encode("probabilities");
    private static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("modelVersion");
    private static readonly JsonEncodedText Route = JsonEncodedText.Encode("route");

    private const int BytesPerRowEstimate = 192;

    public ScoredBatch Batch { get; } = batch;

    /// <remarks>
    /// The answer is written whole into a pooled buffer first, so it goes out with a Content-Length in one write
    /// instead of as chunks: one send per answer, and a proxy in front forwards it the same way.
    /// </remarks>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var buffer = new PooledBufferWriter(BytesPerRowEstimate * Batch.Rows + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, Batch);
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenMemory.Length;
        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }

    /// <summary>Writes the batch as a <see cref="PredictionsResponse"/> document.</summary>
    public static void Write(Utf8JsonWriter writer, ScoredBatch batch)
    {
        var model = batch.Model;
        var classes = model.ClassNames;
        var route = JsonEncodedText.Encode(batch.Route);
        writer.WriteStartObject();
        writer.WriteStartArray(Predictions);
        for (var row = 0; row < batch.Rows; row++)
        {
            writer.WriteStartObject();
            writer.WriteString(PredictionId, batch.PredictionIds[row]);
            if (batch.Values is { } values)
            {
                WriteNumber(writer, Value, values[row]);
            }
            else
            {
                writer.WriteString(Label, classes[batch.Labels![row]]);
            }

            if (batch.Probabilities is { } probabilities)
            {
                writer.WriteStartObject(Probabilities);
                for (var c = 0; c < classes.Count; c++)
                {
                    WriteNumber(writer, classes[c], probabilities[row * classes.Count + c]);
                }

                writer.WriteEndObject();
            }

            writer.WriteNumber(ModelVersion, model.Version);
            writer.WriteString(Route, route);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(PredictionsResponse), ["application/json"]));

    // JSON has no NaN or infinity; a model that produced one answers null.
    private static void WriteNumber(Utf8JsonWriter writer, JsonEncodedText name, float number)
    {
        if (float.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}