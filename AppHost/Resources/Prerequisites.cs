namespace MlOps.AppHost.Resources;

/// <summary>
/// The PostgreSQL and RabbitMQ server binaries, the Chromium the console's browser tests drive, and any other Debian
/// packages a benchmark needs, installed with apt-get when missing and allowed.
/// </summary>
public static class Prerequisites
{
    internal const string RabbitMqBinDirectory = "/usr/lib/rabbitmq/bin";

    private const string PostgresRoot = "/usr/lib/postgresql";
    private const string PreferredPostgresVersion = "15";
    private const string AptGet = "/usr/bin/apt-get";

    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly DebianPackage[] s_servers =
    [
        new("postgresql", "PostgreSQL", () => FindPostgresBinDirectory() is not null),
        new("rabbitmq-server", "RabbitMQ", () => File.Exists(Path.Combine(RabbitMqBinDirectory, "rabbitmq-server"))),
    ];

    private static readonly DebianPackage[] s_browser = [new("chromium", "Chromium", () => File.Exists(ChromiumPath))];

    // Test assemblies run in parallel processes, and apt-get refuses to run beside another apt-get: whoever takes this
    // lock first installs, the others wait and then find the packages there.
    private static readonly string s_lockFile = Path.Combine(Path.GetTempPath(), "mlops-prerequisites.lock");
    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromMinutes(15);

    public static Task EnsureInstalledAsync(Action<string> log, CancellationToken ct = default) =>
        EnsureAsync(s_servers, ", or give existing servers through ConnectionStrings__postgres and ConnectionStrings__messaging", log, ct);

    public static Task EnsureBrowserInstalledAsync(Action<string> log, CancellationToken ct = default) =>
        EnsureAsync(s_browser, alternative: "", log, ct);

    /// <summary>Other Debian packages, such as a benchmark's: each named with a path that exists once it is installed.</summary>
    public static Task EnsureDebianPackagesAsync(
        IEnumerable<(string Package, string InstalledPath)> packages, Action<string> log, CancellationToken ct = default) =>
        EnsureAsync([.. packages.Select(package => new DebianPackage(package.Package, package.Package, () => Path.Exists(package.InstalledPath)))],
            alternative: "", log, ct);

    private static async Task EnsureAsync(DebianPackage[] packages, string alternative, Action<string> log, CancellationToken ct)
    {
        if (Missing(packages) is [])
        {
            return;
        }

        await using FileStream installLock = await TakeLockAsync(log, ct);
        if (Missing(packages) is not { Count: > 0 } missing)
        {
            return;
        }

        string names = string.Join(" ", missing.Select(package => package.Name));
        if (!Environment.IsPrivilegedProcess || !File.Exists(AptGet))
        {
            throw new InvalidOperationException(
                $"Missing {string.Join(" and ", missing.Select(package => package.Description))}: install the Debian packages "
                + $"(sudo apt-get install {names}){alternative}.");
        }

        log($"Installing {names} with apt-get...");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        // Waits for an apt-get of someone else's too, rather than failing on dpkg's lock.
        string[] waitForDpkg = ["-o", "DPkg::Lock::Timeout=600"];
        (await ChildProcess.RunAsync(AptGet, [.. waitForDpkg, "update"], environment, log, ct)).ThrowIfFailed("apt-get update");
        (await ChildProcess.RunAsync(AptGet, [.. waitForDpkg, "install", "-y", .. missing.Select(package => package.Name)], environment, log, ct))
            .ThrowIfFailed($"apt-get install {names}");
        if (Missing(packages) is { Count: > 0 } stillMissing)
        {
            throw new InvalidOperationException($"apt-get finished, but {string.Join(" and ", stillMissing.Select(package => package.Description))} is still missing.");
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
                    log("Waiting for another process that is installing Debian packages...");
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

    private static List<DebianPackage> Missing(DebianPackage[] packages) => [.. packages.Where(package => !package.IsInstalled())];

    private sealed record DebianPackage(string Name, string Description, Func<bool> IsInstalled);
}