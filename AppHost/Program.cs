using Aspire.Hosting;

using MlOps.AppHost.Resources;

namespace MlOps.AppHost;

/// <summary>
/// The system's resource graph: PostgreSQL with a database per service, RabbitMQ, five services, the gateway and the
/// operators' console.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(args);
        var options = AppHostOptions.From(builder.Configuration);
        await builder.PrepareMachineAsync(options);

        var postgres = builder.AddPostgres(options);
        var telemetryDb = postgres.AddDatabase("telemetrydb");
        var trainingDb = postgres.AddDatabase("trainingdb");
        var registryDb = postgres.AddDatabase("registrydb");
        var monitoringDb = postgres.AddDatabase("monitoringdb");
        var messaging = builder.AddMessaging(options);

        var telemetry = builder.AddService<Projects.Telemetry_Service>("telemetry-service")
            .WithReference(telemetryDb).WaitFor(telemetryDb)
            .WithReference(messaging).WaitFor(messaging);

        var registry = builder.AddService<Projects.Registry_Service>("registry-service")
            .WithReference(registryDb).WaitFor(registryDb)
            .WithReference(messaging).WaitFor(messaging);

        var training = builder.AddService<Projects.Training_Service>("training-service")
            .WithReference(trainingDb).WaitFor(trainingDb)
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(registry)
            .WithReference(telemetry);

        var monitoring = builder.AddService<Projects.Monitoring_Service>("monitoring-service")
            .WithReference(monitoringDb).WaitFor(monitoringDb)
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(registry)
            .WithReference(telemetry);

        var inference = builder.AddService<Projects.Inference_Service>("inference-service")
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(registry).WaitFor(registry)
            .WithEnvironment("Inference__SpillFolder", Path.Combine(options.DataFolder("inference"), "spill"));

        var gateway = builder.AddService<Projects.Gateway>("gateway", options.GatewayPort)
            .WithReference(telemetry).WaitFor(telemetry)
            .WithReference(training).WaitFor(training)
            .WithReference(registry).WaitFor(registry)
            .WithReference(monitoring).WaitFor(monitoring)
            .WithReference(inference).WaitFor(inference)
            .WithApiKeys(options);

        // The operators' console is served through the gateway at / and calls the API through it, with each
        // operator's own key.
        var console = builder.AddService<Projects.Console>("console")
            .WithReference(gateway)
            .WithEnvironment("Console__KeysFolder", Path.Combine(options.DataFolder("console"), "keys"));
        gateway.WithReference(console);

        // Monitoring's platform health probes every service.
        monitoring.WithReference(training).WithReference(inference).WithReference(gateway);

        registry.WithOperatorCommands(gateway, options, OperatorCommand.PromoteChallenger, OperatorCommand.Rollback);
        monitoring.WithOperatorCommands(gateway, options, OperatorCommand.DriftCheck, OperatorCommand.Retrain);

        builder.StopInOrder([gateway], [console, inference], [training, monitoring], [telemetry, registry], [messaging], [postgres]);

        await builder.Build().RunAsync();
    }
}