using MassTransit;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.ComponentTests.Platform;

/// <summary>A host wired exactly as a service is (database, messaging, outbox) around the probe consumer.</summary>
public sealed class ProbeHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ProbeHost(IHost host) => _host = host;

    public NpgsqlDataSource DataSource => _host.Services.GetRequiredService<NpgsqlDataSource>();

    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    public static async Task<ProbeHost> StartAsync(string databaseConnectionString, string messagingConnectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probedb"] = databaseConnectionString,
            ["ConnectionStrings:messaging"] = messagingConnectionString,
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Outbox:PublishTimeout"] = "00:00:02",
            ["Messaging:RetryLimit"] = "2",
            ["Messaging:RetryMinInterval"] = "00:00:00.050",
            ["Messaging:RetryIntervalDelta"] = "00:00:00.050",
        });
        builder.Services.AddHealthChecks();
        builder.AddServiceDatabase("probedb", typeof(ProbeHost).Assembly);
        builder.AddServiceMessaging(bus => bus.AddConsumer<ProbeConsumer>());
        builder.AddTransactionalOutbox();

        var host = builder.Build();
        await host.StartAsync();
        return new ProbeHost(host);
    }

    public async Task<HealthStatus> HealthAsync() =>
        (await _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status;

    /// <summary>Waits until the host's health is <paramref name="expected"/>.</summary>
    public Task BecomesAsync(HealthStatus expected) =>
        Eventually.HoldsAsync(async () => await HealthAsync() == expected, $"health {expected}");

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}