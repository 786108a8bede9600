using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.ComponentTests.Infrastructure;

/// <summary>
/// A private PostgreSQL server and RabbitMQ node for the tests of one collection, started with the
/// same code the AppHost uses. Each test gets its own database from <see cref="NewDatabase"/>.
/// </summary>
public sealed class PlatformServers : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("mlops-tests-").FullName;

    public PostgresServer Postgres { get; private set; } = null!;

    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync(new PostgresServerOptions(Path.Combine(_root, "postgres")) { Durable = false });
        var rabbitMq = RabbitMqServer.StartAsync(new RabbitMqServerOptions(Path.Combine(_root, "rabbitmq")));
        try
        {
            await Task.WhenAll(postgres, rabbitMq);
        }
        catch
        {
            // A fixture that fails half-way leaves no server behind.
            await StopStartedAsync(postgres);
            await StopStartedAsync(rabbitMq);
            throw;
        }

        Postgres = postgres.Result;
        RabbitMq = rabbitMq.Result;
    }

    /// <summary>A connection string to a database of its own, not yet created: the service migrations create it.</summary>
    public string NewDatabase(string prefix) =>
        Postgres.ConnectionString($"{prefix}_{Guid.NewGuid():N}");

    private static async Task StopStartedAsync<TServer>(Task<TServer> starting)
        where TServer : IAsyncDisposable
    {
        if (starting.IsCompletedSuccessfully)
        {
            await starting.Result.DisposeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformServers>
{
    public const string Name = "platform servers";
}