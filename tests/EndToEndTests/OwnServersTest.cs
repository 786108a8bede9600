using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>
/// A test whose system runs on a PostgreSQL server and a RabbitMQ node the test owns, so it can take the broker away
/// and bring it back.
/// </summary>
public abstract class OwnServersTest(string name) : IAsyncLifetime
{
    protected string Root { get; } = Directory.CreateTempSubdirectory($"mlops-e2e-{name}-").FullName;

    protected PostgresServer Postgres { get; private set; } = null!;

    protected RabbitMqServer Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync(new PostgresServerOptions(Path.Combine(Root, "postgres")) { Durable = false });
        try
        {
            Broker = await RabbitMqServer.StartAsync(new RabbitMqServerOptions(Path.Combine(Root, "rabbitmq")));
        }
        catch
        {
            // A fixture that fails half-way leaves no server behind.
            await Postgres.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Postgres.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>The AppHost's configuration that points the system at these servers, with <paramref name="more"/> added.</summary>
    protected Dictionary<string, string> ServersEnvironment(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = Postgres.ConnectionString(),
            ["ConnectionStrings__messaging"] = Broker.ConnectionString,
        };
        foreach (var (variable, value) in more)
        {
            environment[variable] = value;
        }

        return environment;
    }
}