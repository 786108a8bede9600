using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Npgsql;

namespace MlOps.AppHost.Resources;

/// <summary>
/// A private PostgreSQL cluster under one folder: how it is created, how its server is started, and how to reach it.
/// The AppHost's postgres resource and the tests' <see cref="PostgresServer"/> both start the server from here, so
/// they run the same command on the same layout. The server listens on 127.0.0.1 only; the superuser postgres needs a
/// password over TCP (generated once, kept in the folder with mode 0600).
/// </summary>
public sealed class PostgresCluster
{
    public const string Superuser = "postgres";

    private const string ShortSocketRoot = "/tmp";
    private const int MaxSocketPathLength = 100;
    private const string SetPriv = "/usr/bin/setpriv";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _passwordFile;
    private readonly string _socketDirectory;

    public PostgresCluster(string directory, bool durable = true)
    {
        Directory = Path.GetFullPath(directory);
        ClusterDirectory = Path.Combine(Directory, "data");
        _passwordFile = Path.Combine(Directory, "password");
        Durable = durable;
        System.IO.Directory.CreateDirectory(Directory, OwnerOnly);
        Password = SecretFile.ReadOrCreate(_passwordFile, () => SecretFile.NewToken());
        _socketDirectory = ChooseSocketDirectory(Directory);
    }

    public string Directory { get; }

    public string ClusterDirectory { get; }

    public string Password { get; }

    /// <summary>False turns fsync, synchronous commit and full page writes off: only for throwaway test clusters.</summary>
    public bool Durable { get; }

    /// <summary>Gives the folder to the postgres user when running as root, and runs initdb unless the cluster exists.</summary>
    public async Task PrepareAsync(Action<string> log, CancellationToken ct = default)
    {
        string binDirectory = BinDirectory();
        await PostgresUser.TakeOverAsync([Directory, _passwordFile, _socketDirectory], ct);
        if (File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
        {
            return;
        }

        if (System.IO.Directory.Exists(ClusterDirectory))
        {
            // Left half-made by an interrupted initdb, which refuses a non-empty folder.
            System.IO.Directory.Delete(ClusterDirectory, recursive: true);
        }

        log($"Creating a new PostgreSQL cluster in {ClusterDirectory}");
        List<string> arguments =
        [
            "-D", ClusterDirectory, "-U", Superuser, "--auth-local=trust", "--auth-host=scram-sha-256",
            $"--pwfile={_passwordFile}", "-E", "UTF8", "--locale=C.UTF-8",
        ];
        if (!Durable)
        {
            arguments.Add("--no-sync");
        }

        (await PostgresUser.RunAsync(Path.Combine(binDirectory, "initdb"), arguments, log, ct)).ThrowIfFailed("initdb");
    }

    /// <summary>
    /// The postmaster in the foreground, as the postgres user when running as root (setpriv replaces itself, so whoever
    /// starts the command supervises the postmaster directly). SIGINT stops it fast, SIGTERM once its clients left.
    /// </summary>
    public (string Program, IReadOnlyList<string> Arguments) ServerCommand(int port)
    {
        List<string> server =
        [
            Path.Combine(BinDirectory(), "postgres"), "-D", ClusterDirectory,
            "-p", port.ToString(CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1", "-k", _socketDirectory,
        ];
        if (!Durable)
        {
            server.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        return Environment.IsPrivilegedProcess
            ? (SetPriv, ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. server])
            : (server[0], server[1..]);
    }

    /// <summary>Host=127.0.0.1;Port=…;Username=postgres;Password=…;Database=…</summary>
    public string ConnectionString(int port, string database = "postgres")
    {
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = Superuser,
            Password = Password,
            Database = database,
        }.ConnectionString;
    }

    private static string BinDirectory()
    {
        return Prerequisites.FindPostgresBinDirectory()
            ?? throw new InvalidOperationException("PostgreSQL server binaries were not found under /usr/lib/postgresql: install the postgresql package.");
    }

    // The socket path must stay under the kernel's limit; a long data folder gets a short folder of its own in /tmp.
    private static string ChooseSocketDirectory(string directory)
    {
        if (Path.Combine(directory, ".s.PGSQL.65535").Length < MaxSocketPathLength)
        {
            return directory;
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory)))[..12];
        string shortDirectory = Path.Combine(ShortSocketRoot, $"mlops-pg-{hash}");
        System.IO.Directory.CreateDirectory(shortDirectory, OwnerOnly);
        return shortDirectory;
    }
}