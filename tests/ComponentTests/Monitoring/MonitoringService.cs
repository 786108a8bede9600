using System.Net.Http.Json;
using System.Text.Json;

using MassTransit;

using Microsoft.Extensions.DependencyInjection;

using MlOps.ComponentTests.Infrastructure;
using MlOps.Contracts.IntegrationEvents;
using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.ServiceDefaults.Http;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.ComponentTests.Monitoring;

/// <summary>
/// Monitoring.Service in-process on a database and a RabbitMQ virtual host of its own, on the collection's servers:
/// the events other tests' services publish never reach its queues. No registry runs: tests store a version's
/// manifest where the service keeps the references it fetched, and the registry address leads nowhere.
/// </summary>
public sealed class MonitoringService : IAsyncDisposable
{
    private readonly ServiceFactory<MlOps.Monitoring.Service.Program> _factory;

    private MonitoringService(string database, string messaging)
    {
        DatabaseConnectionString = database;
        MessagingConnectionString = messaging;
        _factory = new ServiceFactory<MlOps.Monitoring.Service.Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:monitoringdb"] = DatabaseConnectionString,
            ["ConnectionStrings:messaging"] = MessagingConnectionString,
            ["services:registry-service:http:0"] = "http://127.0.0.1:9",
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Monitoring:WaitingRowsRetryInterval"] = "00:00:00.200",
        });
    }

    public static async Task<MonitoringService> StartAsync(PlatformServers servers) => new(
        servers.NewDatabase("monitoring"), await servers.RabbitMq.AddVirtualHostAsync($"monitoring-{Guid.NewGuid():N}"));

    public string DatabaseConnectionString { get; }

    /// <summary>The broker's virtual host this service alone uses.</summary>
    public string MessagingConnectionString { get; }

    public IBus Bus => _factory.Services.GetRequiredService<IBus>();

    public HttpClient CreateClient(string tenant)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add(MlOpsHeaders.Tenant, tenant);
        return client;
    }

    public Task ConsumingAsync()
    {
        var bus = _factory.Services.GetRequiredService<IBusControl>();
        return Eventually.HoldsAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy), "the bus consuming");
    }

    /// <summary>Stores the manifest as the reference of the version, as if fetched from the registry.</summary>
    public async Task AddReferenceAsync(string tenant, int version, ModelManifest manifest)
    {
        await ConsumingAsync();
        await using var connection = await Sql.OpenAsync(DatabaseConnectionString);
        await using var command = new NpgsqlCommand("INSERT INTO model_versions (tenant, model, version, manifest) VALUES ($1, $2, $3, $4)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = manifest.Model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(manifest, MonitoringJson.Options) });
        await command.ExecuteNonQueryAsync();
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(DatabaseConnectionString, sql, parameters);

    /// <summary>The first column of each row <paramref name="sql"/> returns, as text.</summary>
    public async Task<List<string>> StringsAsync(string sql, params object[] parameters) =>
        [.. (await Sql.RowsAsync(DatabaseConnectionString, sql, parameters)).Select(row => row[0]!.ToString()!)];

    public static async Task<JsonElement> CheckAsync(HttpClient client, string model, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/monitoring/models/{model}/drift-checks", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode ? json : throw new InvalidOperationException($"{(int)response.StatusCode}: {json}");
    }

    public async ValueTask DisposeAsync()
    {
        await BusStart.CompletedAsync(_factory.Services);
        await _factory.DisposeAsync();
    }
}