using System.Security.Cryptography;
using System.Text;

using Npgsql;

namespace MlOps.AppHost.Resources;

/// <summary>
/// A private PostgreSQL server: its own cluster under the data folder, listening on 127.0.0.1 only, with password
/// authentication over TCP for the superuser postgres. Its server log is streamed to the log callback.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const string ShortSocketRoot = "/tmp";
    private const int MaxSocketPathLength = 100;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly TimeSpan s_acceptTimeout = TimeSpan.FromSeconds(30);

    private readonly string _binDirectory;
    private readonly string _directory;
    private readonly string _clusterDirectory;
    private readonly string _passwordFile;
    private readonly string _logFile;
    private readonly string _socketDirectory;
    private readonly string _password;
    private readonly bool _durable;
    private readonly Action<string> _log;
    private readonly RecentLines _recent = new();
    private LogFileTail? _serverLog;
    private bool _mayBeRunning;

    private PostgresServer(string binDirectory, string directory, string socketDirectory, int port, bool durable, Action<string> log)
    {
        _binDirectory = binDirectory;
        _directory = directory;
        _clusterDirectory = Path.Combine(directory, "data");
        _passwordFile = Path.Combine(directory, "password");
        _logFile = Path.Combine(directory, "server.log");
        _socketDirectory = socketDirectory;
        _password = SecretFile.ReadOrCreate(_passwordFile, () => SecretFile.NewToken());
        _durable = durable;
        _log = log;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        string binDirectory = Prerequisites.FindPostgresBinDirectory()
            ?? throw new InvalidOperationException("PostgreSQL server binaries were not found under /usr/lib/postgresql: install the postgresql package.");
        string directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory, OwnerOnly);
        int port = options.Port ?? FreePort.Next();
        string socketDirectory = ChooseSocketDirectory(directory, port);
        var server = new PostgresServer(binDirectory, directory, socketDirectory, port, options.Durable, log ?? (_ => { }));
        try
        {
            await PostgresUser.TakeOverAsync([directory, server._passwordFile, socketDirectory], ct);
            await server.InitializeClusterAsync(ct);
            await server.StopLeftoverServerAsync(ct);
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
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Password = _password,
            Database = database,
        }.ConnectionString;
    }

    /// <summary>Creates the database unless it exists.</summary>
    public Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        return PostgresDatabases.EnsureCreatedAsync(ConnectionString(), name, ct);
    }

    public async Task StopAsync()
    {
        if (!_mayBeRunning)
        {
            return;
        }

        _mayBeRunning = false;
        CommandResult fast = await PgCtlAsync(["-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
        if (!fast.Succeeded && await IsRunningAsync(CancellationToken.None))
        {
            await PgCtlAsync(["-m", "immediate", "-w", "stop"], CancellationToken.None);
        }

        if (_serverLog is not null)
        {
            await _serverLog.DisposeAsync();
            _serverLog = null;
        }

        if (_socketDirectory != _directory)
        {
            TryDeleteEmptyDirectory(_socketDirectory);
        }
    }

    public ValueTask DisposeAsync()
    {
        return new ValueTask(StopAsync());
    }

    // The socket path must stay short and, being passed through pg_ctl -o, free of characters a shell would interpret.
    private static string ChooseSocketDirectory(string directory, int port)
    {
        bool usable = Path.Combine(directory, $".s.PGSQL.{port}").Length < MaxSocketPathLength
            && directory.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-');
        if (usable)
        {
            return directory;
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory)))[..12];
        string shortDirectory = Path.Combine(ShortSocketRoot, $"mlops-pg-{hash}");
        Directory.CreateDirectory(shortDirectory, OwnerOnly);
        return shortDirectory;
    }

    private static void TryDeleteEmptyDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Not empty, or already gone: nothing to tidy.
        }
    }

    private async Task InitializeClusterAsync(CancellationToken ct)
    {
        if (File.Exists(Path.Combine(_clusterDirectory, "PG_VERSION")))
        {
            return;
        }

        if (Directory.Exists(_clusterDirectory))
        {
            // Left half-made by an interrupted initdb, which refuses a non-empty folder.
            Directory.Delete(_clusterDirectory, recursive: true);
        }

        _log($"Creating a new PostgreSQL cluster in {_clusterDirectory}");
        List<string> arguments =
        [
            "-D", _clusterDirectory, "-U", Superuser, "--auth-local=trust", "--auth-host=scram-sha-256",
            $"--pwfile={_passwordFile}", "-E", "UTF8", "--locale=C.UTF-8",
        ];
        if (!_durable)
        {
            arguments.Add("--no-sync");
        }

        (await PostgresUser.RunAsync(Bin("initdb"), arguments, Remember, ct)).ThrowIfFailed("initdb");
    }

    // A server still running on this cluster (an earlier launcher that was killed) would make pg_ctl start fail.
    private async Task StopLeftoverServerAsync(CancellationToken ct)
    {
        if (await IsRunningAsync(ct))
        {
            _log("Stopping a PostgreSQL server left running by an earlier run");
            (await PgCtlAsync(["-m", "fast", "-w", "-t", "60", "stop"], ct)).ThrowIfFailed("pg_ctl stop");
        }
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        string serverOptions = $"-p {Port} -c listen_addresses=127.0.0.1 -k {_socketDirectory}";
        if (!_durable)
        {
            serverOptions += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }

        _serverLog = LogFileTail.FromEnd(_logFile, Remember);
        _mayBeRunning = true;
        CommandResult started = await PgCtlAsync(["-l", _logFile, "-w", "-t", "60", "-o", serverOptions, "start"], ct);
        if (!started.Succeeded)
        {
            throw new InvalidOperationException($"PostgreSQL did not start on port {Port}:{Environment.NewLine}{_recent}");
        }

        await WaitUntilAcceptingConnectionsAsync(ct);
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
            catch (NpgsqlException e) when (e is not PostgresException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        CommandResult status = await PostgresUser.RunAsync(Bin("pg_ctl"), ["-D", _clusterDirectory, "status"], _ => { }, ct);
        return status.Succeeded;
    }

    private Task<CommandResult> PgCtlAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        return PostgresUser.RunAsync(Bin("pg_ctl"), ["-D", _clusterDirectory, .. arguments], Remember, ct);
    }

    private string Bin(string program)
    {
        return Path.Combine(_binDirectory, program);
    }

    private void Remember(string line)
    {
        _recent.Add(line);
        _log(line);
    }
}