namespace MlOps.AppHost.Resources;

/// <summary>The PostgreSQL and RabbitMQ server binaries, installed with apt-get when missing and allowed.</summary>
public static class Prerequisites
{
    internal const string RabbitMqBinDirectory = "/usr/lib/rabbitmq/bin";

    private const string PostgresRoot = "/usr/lib/postgresql";
    private const string PreferredPostgresVersion = "15";
    private const string AptGet = "/usr/bin/apt-get";

    public static async Task EnsureInstalledAsync(Action<string> log, CancellationToken ct = default)
    {
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
        (await ChildProcess.RunAsync(AptGet, ["update"], environment, log, ct)).ThrowIfFailed("apt-get update");
        (await ChildProcess.RunAsync(AptGet, ["install", "-y", "postgresql", "rabbitmq-server"], environment, log, ct))
            .ThrowIfFailed("apt-get install postgresql rabbitmq-server");
        if (MissingPackages() is not [])
        {
            throw new InvalidOperationException($"apt-get finished, but {string.Join(" and ", MissingPackages())} is still missing.");
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