using MlOps.AppHost.Resources;

using Npgsql;

namespace MlOps.AppHost.Launcher;

/// <summary>
/// PostgreSQL and RabbitMQ: private servers under the data folder, unless the configuration names existing ones
/// (ConnectionStrings:postgres, ConnectionStrings:messaging).
/// </summary>
internal sealed class Infrastructure
{
    public const string Postgres = "postgres";
    public const string Messaging = "messaging";

    private const int DefaultAmqpPort = 5672;

    private readonly PostgresServer? _postgres;
    private readonly RabbitMqServer? _rabbitMq;
    private readonly string _postgresConnectionString;

    private Infrastructure(PostgresServer? postgres, RabbitMqServer? rabbitMq, string postgresConnectionString, string messagingConnectionString)
    {
        _postgres = postgres;
        _rabbitMq = rabbitMq;
        _postgresConnectionString = postgresConnectionString;
        MessagingConnectionString = messagingConnectionString;
        Endpoints = [PostgresEndpoint(postgresConnectionString), MessagingEndpoint(messagingConnectionString)];
    }

    public string MessagingConnectionString { get; }

    /// <summary>Where postgres and messaging listen, in that order.</summary>
    public IReadOnlyList<ServerEndpoint> Endpoints { get; }

    public static async Task<Infrastructure> StartAsync(LauncherOptions options, LogStreamer output, CancellationToken ct)
    {
        bool privatePostgres = options.PostgresConnectionString is null;
        bool privateRabbitMq = options.MessagingConnectionString is null;
        if (privatePostgres || privateRabbitMq)
        {
            await Prerequisites.EnsureInstalledAsync(output.Info, ct);
        }

        string portsFile = Path.Combine(options.DataDirectory, "ports.json");
        PersistedPorts ports = PersistedPorts.Load(portsFile);
        Task<PostgresServer?> postgres = privatePostgres
            ? StartPostgresAsync(options, PersistedPorts.IfFree(ports.Postgres), output, ct)
            : Task.FromResult<PostgresServer?>(null);
        Task<RabbitMqServer?> rabbitMq = privateRabbitMq
            ? StartRabbitMqAsync(options, PersistedPorts.IfFree(ports.Messaging), output, ct)
            : Task.FromResult<RabbitMqServer?>(null);
        try
        {
            await Task.WhenAll(postgres, rabbitMq);
        }
        catch
        {
            await DisposeIfStartedAsync(rabbitMq);
            await DisposeIfStartedAsync(postgres);
            throw;
        }

        if (privatePostgres || privateRabbitMq)
        {
            new PersistedPorts(postgres.Result?.Port ?? ports.Postgres, rabbitMq.Result?.Port ?? ports.Messaging).Save(portsFile);
        }

        return new Infrastructure(
            postgres.Result,
            rabbitMq.Result,
            postgres.Result?.ConnectionString() ?? options.PostgresConnectionString!,
            rabbitMq.Result?.ConnectionString ?? options.MessagingConnectionString!);
    }

    public string DatabaseConnectionString(string database)
    {
        return new NpgsqlConnectionStringBuilder(_postgresConnectionString) { Database = database }.ConnectionString;
    }

    public async Task CreateDatabasesAsync(IEnumerable<string> databases, CancellationToken ct)
    {
        foreach (string database in databases)
        {
            await PostgresDatabases.EnsureCreatedAsync(_postgresConnectionString, database, ct);
        }
    }

    /// <summary>Stops the private servers, messaging first; existing servers are left alone.</summary>
    public async Task StopAsync(Action<string> stopping, Action<string> stopped)
    {
        foreach ((string resource, IAsyncDisposable? server) in new (string, IAsyncDisposable?)[] { (Messaging, _rabbitMq), (Postgres, _postgres) })
        {
            if (server is not null)
            {
                stopping(resource);
                await server.DisposeAsync();
                stopped(resource);
            }
        }
    }

    private static async Task<PostgresServer?> StartPostgresAsync(LauncherOptions options, int? port, LogStreamer output, CancellationToken ct)
    {
        var serverOptions = new PostgresServerOptions(Path.Combine(options.DataDirectory, "postgres")) { Port = port };
        return await PostgresServer.StartAsync(serverOptions, output.For(Postgres), ct);
    }

    private static async Task<RabbitMqServer?> StartRabbitMqAsync(LauncherOptions options, int? port, LogStreamer output, CancellationToken ct)
    {
        var serverOptions = new RabbitMqServerOptions(Path.Combine(options.DataDirectory, "rabbitmq")) { Port = port };
        return await RabbitMqServer.StartAsync(serverOptions, output.For(Messaging), ct);
    }

    private static async Task DisposeIfStartedAsync<TServer>(Task<TServer?> starting)
        where TServer : class, IAsyncDisposable
    {
        if (starting.IsCompletedSuccessfully && starting.Result is TServer server)
        {
            await server.DisposeAsync();
        }
    }

    private static ServerEndpoint PostgresEndpoint(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        string host = (builder.Host ?? "localhost").Split(',')[0];
        return new ServerEndpoint(Postgres, host, builder.Port, $"tcp://{host}:{builder.Port}");
    }

    private static ServerEndpoint MessagingEndpoint(string connectionString)
    {
        var uri = new Uri(connectionString);
        int port = uri.Port > 0 ? uri.Port : DefaultAmqpPort;
        return new ServerEndpoint(Messaging, uri.Host, port, $"{uri.Scheme}://{uri.Host}:{port}{uri.AbsolutePath}");
    }
}