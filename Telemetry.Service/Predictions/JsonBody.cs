using System.Text.Json;
using System.Text.Unicode;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>Opens a posted JSON body: valid UTF-8 and well-formed JSON, or the error that names the body.</summary>
public static class JsonBody
{
    public const string Field = "body";

    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, out FieldError? error)
    {
        error = null;
        if (!Utf8.IsValid(body.Span))
        {
            error = FieldError.Invalid(Field, "The body is not valid UTF-8.");
            return null;
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            error = FieldError.Invalid(Field, $"Malformed JSON: {ex.Message}");
            return null;
        }
    }
}