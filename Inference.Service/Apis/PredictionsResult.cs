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

    public ScoredBatch Batch { get; } = batch;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var model = Batch.Model;
        var classes = model.ClassNames;
        var route = JsonEncodedText.Encode(Batch.Route);
        await using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(Predictions);
            for (var row = 0; row < Batch.Rows; row++)
            {
                writer.WriteStartObject();
                writer.WriteString(PredictionId, Batch.PredictionIds[row]);
                if (Batch.Values is { } values)
                {
                    WriteNumber(writer, Value, values[row]);
                }
                else
                {
                    writer.WriteString(Label, classes[Batch.Labels![row]]);
                }

                if (Batch.Probabilities is { } probabilities)
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

        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
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