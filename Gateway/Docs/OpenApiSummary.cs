using System.Text.Json;

namespace MlOps.Gateway.Docs;

/// <summary>What the docs page shows of an OpenAPI document: its title, version and operations.</summary>
public sealed record OpenApiSummary(string? Title, string? Version, IReadOnlyList<OpenApiOperation> Operations)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <returns>The summary, or null when the JSON is not an OpenAPI document.</returns>
    public static OpenApiSummary? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("paths", out var paths)
                || paths.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var operations = new List<OpenApiOperation>();
            foreach (var path in paths.EnumerateObject().Where(path => path.Value.ValueKind == JsonValueKind.Object))
            {
                foreach (var method in Methods)
                {
                    if (path.Value.TryGetProperty(method, out var operation) && operation.ValueKind == JsonValueKind.Object)
                    {
                        operations.Add(new OpenApiOperation(method.ToUpperInvariant(), path.Name, StringOf(operation, "summary") ?? StringOf(operation, "operationId")));
                    }
                }
            }

            root.TryGetProperty("info", out var info);
            return new OpenApiSummary(StringOf(info, "title"), StringOf(info, "version"), operations);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}