using MlOps.ComponentTests.Infrastructure;
using MlOps.ServiceDefaults.Http;

namespace MlOps.ComponentTests.Telemetry;

/// <summary>Telemetry.Service in-process on a database of its own, on the collection's servers.</summary>
public sealed class TelemetryService : IAsyncDisposable
{
    private readonly ServiceFactory<MlOps.Telemetry.Service.Program> _factory;

    public TelemetryService(PlatformServers servers, string? messagingConnectionString = null)
    {
        DatabaseConnectionString = servers.NewDatabase("telemetry");
        _factory = new ServiceFactory<MlOps.Telemetry.Service.Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:telemetrydb"] = DatabaseConnectionString,
            ["ConnectionStrings:messaging"] = messagingConnectionString ?? servers.RabbitMq.ConnectionString,
            ["EventStreams:MaxEventsPerRequest"] = "50",
        });
    }

    public string DatabaseConnectionString { get; }

    public HttpClient CreateClient(string? tenant = null)
    {
        var client = _factory.CreateClient();
        if (tenant is not null)
        {
            client.DefaultRequestHeaders.Add(MlOpsHeaders.Tenant, tenant);
        }

        return client;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}