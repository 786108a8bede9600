using System.Reflection;

namespace MlOps.AppHost.Launcher;

/// <summary>The six services, in start order, and where their dlls were built.</summary>
internal static class ServiceCatalog
{
    public const string Gateway = "gateway";
    private const string Telemetry = "telemetry-service";
    private const string Training = "training-service";
    private const string Registry = "registry-service";
    public const string Inference = "inference-service";
    private const string Monitoring = "monitoring-service";

    // Written into the assembly at build time by AppHost.csproj.
    private const string DllMetadataPrefix = "service:";

    public static IReadOnlyList<ServiceDefinition> All { get; } =
    [
        new(Telemetry, "telemetrydb", UsesMessaging: true, DependsOn: []),
        new(Training, "trainingdb", UsesMessaging: true, DependsOn: []),
        new(Registry, "registrydb", UsesMessaging: true, DependsOn: []),
        new(Monitoring, "monitoringdb", UsesMessaging: true, DependsOn: []),
        new(Inference, Database: null, UsesMessaging: true, DependsOn: [Registry]),
        new(Gateway, Database: null, UsesMessaging: false, DependsOn: [Telemetry, Training, Registry, Monitoring, Inference]),
    ];

    public static IEnumerable<string> Databases => All.Select(service => service.Database).OfType<string>();

    /// <summary>0 for a service that depends on no other service, else one more than its dependencies' wave.</summary>
    public static int StartWave(ServiceDefinition service)
    {
        return service.DependsOn.Count == 0
            ? 0
            : 1 + service.DependsOn.Max(name => StartWave(All.Single(other => other.Name == name)));
    }

    /// <exception cref="InvalidOperationException">The service has not been built.</exception>
    public static string DllPath(ServiceDefinition service)
    {
        string path = typeof(ServiceCatalog).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == DllMetadataPrefix + service.Name)
            .Value!;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} was not found: run `dotnet build` (from the repository root) first.");
    }
}