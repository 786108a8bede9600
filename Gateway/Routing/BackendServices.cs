namespace MlOps.Gateway.Routing;

public static class BackendServices
{
    public static readonly IReadOnlyList<BackendService> All =
    [
        new("telemetry-service", "/api/telemetry"),
        new("training-service", "/api/training"),
        new("registry-service", "/api/registry"),
        new("inference-service", "/api/inference"),
        new("monitoring-service", "/api/monitoring"),
    ];

    /// <summary>The operators' console: served at <c>/</c>, behind no API key.</summary>
    public static readonly BackendService OperatorConsole = new("console", "/");

    public static BackendService? FindByResource(string resource) =>
        All.FirstOrDefault(service => service.Resource == resource);

    public static BackendService? FindByPath(PathString path) =>
        All.FirstOrDefault(service => path.StartsWithSegments(service.PathPrefix, StringComparison.OrdinalIgnoreCase));
}