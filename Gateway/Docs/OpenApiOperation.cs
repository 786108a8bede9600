namespace MlOps.Gateway.Docs;

public sealed record OpenApiOperation(string Method, string Path, string? Summary);