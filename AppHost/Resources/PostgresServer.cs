using Npgsql;

namespace MlOps.AppHost.Resources;

/// <summary>
/// A private PostgreSQL server run by this process (tests and benchmarks), started from the same
/// <see cref="PostgresCluster"/> as the AppHost's postgres resource. Its server log goes to the log callback.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan s_acceptTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(30);

    private readonly PostgresCluster _cluster;
    private readonly RecentLines _recent = new();
    private readonly Action<string> _log;
    private ChildProcess? _server;

    private PostgresServer(PostgresCluster cluster, int port, Action<string> log)
    {
        _cluster = cluster;
        _log = log;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        await Prerequisites.EnsureInstalledAsync(log ?? (_ => { }), ct);
        var cluster = new PostgresCluster(options.DataDirectory, options.Durable);
        var server = new PostgresServer(cluster, options.Port ?? FreePort.Next(), log ?? (_ => { }));
        try
        {
            await cluster.PrepareAsync(server.Remember, ct);
            await server.StartServerAsync(ct);
            return server;
        }
        catch
        {
            await server.StopAsync();
            throw;
        }
    }

    /// <summary>Host=127.0.0.1;Port=…;Username=postgres;Password=…;Database=…</summary>
    public string ConnectionString(string database = "postgres")
    {
        return _cluster.ConnectionString(Port, database);
    }

    /// <summary>Creates the database unless it exists.</summary>
    public Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        return PostgresDatabases.EnsureCreatedAsync(ConnectionString(), name, ct);
    }

    /// <summary>A fast shutdown (SIGINT): open sessions are rolled back and closed.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is not ChildProcess server)
        {
            return;
        }

        await server.StopAsync(s_stopGrace, Libc.Interrupt);
        await server.DisposeAsync();
    }

    public ValueTask DisposeAsync()
    {
        return new ValueTask(StopAsync());
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        (string program, IReadOnlyList<string> arguments) = _cluster.ServerCommand(Port);
        _server = ChildProcess.Start(program, arguments, Remember);
        Task accepting = WaitUntilAcceptingConnectionsAsync(ct);
        if (await Task.WhenAny(accepting, _server.Completion) != accepting)
        {
            throw new InvalidOperationException(
                $"PostgreSQL exited with code {await _server.Completion} while starting on port {Port}:{Environment.NewLine}{_recent}");
        }

        await accepting;
    }

    private async Task WaitUntilAcceptingConnectionsAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false, Timeout = 5 };
        DateTime deadline = DateTime.UtcNow + s_acceptTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException e) when (e is not PostgresException or PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow }
                && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private void Remember(string line)
    {
        _recent.Add(line);
        _log(line);
    }
}