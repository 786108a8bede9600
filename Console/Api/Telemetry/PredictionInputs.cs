using System.Text.Json;

namespace MlOps.Console.Api.Telemetry;

/// <summary>A prediction's inputs on one line: "name=value" in the order the client sent them.</summary>
public static class PredictionInputs
{
    public static string Describe(JsonElement inputs) => inputs.ValueKind == JsonValueKind.Object
        ? string.Join(", ", inputs.EnumerateObject().Select(field => $"{field.Name}={Value(field.Value)}"))
        : inputs.GetRawText();

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}