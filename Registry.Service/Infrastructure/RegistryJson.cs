using System.Text.Json;

namespace MlOps.Registry.Service.Infrastructure;

/// <summary>How the registry writes JSON into its jsonb columns: camelCase, as the API answers.</summary>
internal static class RegistryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static IReadOnlyDictionary<string, string> Tags(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [];
}