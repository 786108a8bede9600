using MassTransit;

using Microsoft.Extensions.DependencyInjection;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ServiceDefaults.Http;

namespace MlOps.ComponentTests.Training;

/// <summary>
/// Training.Service in-process on a database of its own, on the collection's servers; or on another instance's
/// database, to start it again.
/// </summary>
public sealed class TrainingService : IAsyncDisposable
{
    private readonly ServiceFactory<MlOps.Training.Service.Program> _factory;

    public TrainingService(PlatformServers servers, IReadOnlyDictionary<string, string?>? settings = null, string? databaseConnectionString = null)
    {
        DatabaseConnectionString = databaseConnectionString ?? servers.NewDatabase("training");
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:trainingdb"] = DatabaseConnectionString,
            ["ConnectionStrings:messaging"] = servers.RabbitMq.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _factory = new ServiceFactory<MlOps.Training.Service.Program>(all);
    }

    public string DatabaseConnectionString { get; }

    public IBus Bus => _factory.Services.GetRequiredService<IBus>();

    /// <summary>Waits until the service's bus is started and its consumers listen, so nothing published is missed.</summary>
    public Task ConsumingAsync()
    {
        var bus = _factory.Services.GetRequiredService<IBusControl>();
        return Eventually.HoldsAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy), "the bus consuming");
    }

    public HttpClient CreateClient(string? tenant = null)
    {
        var client = _factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        if (tenant is not null)
        {
            client.DefaultRequestHeaders.Add(MlOpsHeaders.Tenant, tenant);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await BusStart.CompletedAsync(_factory.Services);
        await _factory.DisposeAsync();
    }
}