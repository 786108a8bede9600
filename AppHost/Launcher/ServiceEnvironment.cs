namespace MlOps.AppHost.Launcher;

/// <summary>The environment variables a service gets, following .NET Aspire's conventions.</summary>
internal static class ServiceEnvironment
{
    public static Dictionary<string, string> For(
        ServiceProcess service,
        IEnumerable<ServiceProcess> allServices,
        Infrastructure infrastructure,
        LauncherOptions options,
        string? bootstrapApiKey)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = service.Url,
            ["ASPNETCORE_ENVIRONMENT"] = options.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = service.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Guid.NewGuid()}",
        };
        if (options.OtlpEndpoint is not null)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = options.OtlpEndpoint;
        }

        foreach (ServiceProcess other in allServices)
        {
            environment[$"services__{other.Name}__http__0"] = other.Url;
        }

        if (service.Definition.Database is string database)
        {
            environment[$"ConnectionStrings__{database}"] = infrastructure.DatabaseConnectionString(database);
        }

        if (service.Definition.UsesMessaging)
        {
            environment[$"ConnectionStrings__{Infrastructure.Messaging}"] = infrastructure.MessagingConnectionString;
        }

        if (service.Name == ServiceCatalog.Gateway)
        {
            environment["ApiKeys__StorePath"] = AdminApiKey.StorePath(options);
            if (bootstrapApiKey is not null)
            {
                environment["ApiKeys__Bootstrap"] = bootstrapApiKey;
            }
        }

        if (service.Name == ServiceCatalog.Inference)
        {
            // Prediction-log batches spilled while the broker is away survive a restart with the rest of the data.
            environment["Inference__SpillFolder"] = Path.Combine(options.DataDirectory, "inference", "spill");
        }

        return environment;
    }
}