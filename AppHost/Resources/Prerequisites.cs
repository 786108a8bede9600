namespace MlOps.AppHost.Resources;

/// <summary>The PostgreSQL and RabbitMQ server binaries, installed with apt-get when missing and allowed.</summary>
public static class Prerequisites
{
    internal const string RabbitMqBinDirectory = "/usr/lib/rabbitmq/bin";

    private const string PostgresRoot = "/usr/lib/postgresql";
    private const string PreferredPostgresVersion = "15";
    private const string AptGet = "/usr/bin/apt-get";

    // Test assemblies run in parallel processes, and apt-get refuses to run beside another apt-get: whoever takes this
    // lock first installs, the others wait and then find the packages there.
    private static readonly string s_lockFile = Path.Combine(Path.GetTempPath(), "mlops-prerequisites.lock");
    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromMinutes(15);

    public static async Task EnsureInstalledAsync(Action<string> log, CancellationToken ct = default)
    {
        if (MissingPackages() is [])
        {
            return;
        }

        await using FileStream installLock = await TakeLockAsync(log, ct);
        if (MissingPackages() is [])
        {
            return;
        }

        if (!Environment.IsPrivilegedProcess || !File.Exists(AptGet))
        {
            throw new InvalidOperationException(
                $"Missing {string.Join(" and ", MissingPackages())}: install the Debian packages "
                + "(sudo apt-get install postgresql rabbitmq-server), or give existing servers through "
                + "ConnectionStrings__postgres and ConnectionStrings__messaging.");
        }

        log($"Installing {string.Join(" and ", MissingPackages())} with apt-get...");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        // Waits for an apt-get of someone else's too, rather than failing on dpkg's lock.
        string[] waitForDpkg = ["-o", "DPkg::Lock::Timeout=600"];
        (await ChildProcess.RunAsync(AptGet, [.. waitForDpkg, "update"], environment, log, ct)).ThrowIfFailed("apt-get update");
        (await ChildProcess.RunAsync(AptGet, [.. waitForDpkg, "install", "-y", "postgresql", "rabbitmq-server"], environment, log, ct))
            .ThrowIfFailed("apt-get install postgresql rabbitmq-server");
        if (MissingPackages() is not [])
        {
            throw new InvalidOperationException($"apt-get finished, but {string.Join(" and ", MissingPackages())} is still missing.");
        }
    }

    private static async Task<FileStream> TakeLockAsync(Action<string> log, CancellationToken ct)
    {
        DateTime deadline = DateTime.UtcNow + s_lockTimeout;
        var waiting = false;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive lock on the file, released when the stream is closed or the process ends.
                return new FileStream(s_lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!waiting)
                {
                    log("Waiting for another process that is installing the server packages...");
                    waiting = true;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>The PostgreSQL server binaries: version 15 when present, otherwise the newest installed.</summary>
    internal static string? FindPostgresBinDirectory()
    {
        string preferred = Path.Combine(PostgresRoot, PreferredPostgresVersion, "bin");
        if (File.Exists(Path.Combine(preferred, "initdb")))
        {
            return preferred;
        }

        return !Directory.Exists(PostgresRoot)
            ? null
            : Directory.GetDirectories(PostgresRoot)
                .Select(versionDirectory => Path.Combine(versionDirectory, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out int version) ? version : 0)
                .FirstOrDefault();
    }

    private static List<string> MissingPackages()
    {
        var missing = new List<string>();
        if (FindPostgresBinDirectory() is null)
        {
            missing.Add("PostgreSQL (postgresql)");
        }

        if (!File.Exists(Path.Combine(RabbitMqBinDirectory, "rabbitmq-server")))
        {
            missing.Add("RabbitMQ (rabbitmq-server)");
        }

        return missing;
    }
}