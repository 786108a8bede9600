namespace MlOps.Gateway.Docs;

/// <summary>A service's OpenAPI document as fetched: its JSON, or why it is unavailable.</summary>
public sealed record OpenApiDocumentResult(string? Json, string? Unavailable)
{
    public static OpenApiDocumentResult Fetched(string json) => new(json, null);

    public static OpenApiDocumentResult Missing(string reason) => new(null, reason);
}