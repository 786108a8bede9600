using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Contracts.ModelPackages;

/// <summary>How <c>manifest.json</c> is written and read: camelCase, numbers only as JSON numbers, unknown fields ignored.</summary>
internal static class ManifestJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        WriteIndented = true,
    };
}