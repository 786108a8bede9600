using MlOps.AppHost.Resources;

namespace MlOps.Inference.Bench;

/// <summary>
/// The Debian packages the FastAPI + scikit-learn peer runs on, installed with apt-get when missing, as the AppHost's
/// <see cref="Prerequisites"/> installs PostgreSQL and RabbitMQ: under the same lock file, so that a test run
/// installing those at the same time waits for this one rather than failing on dpkg's lock, and the other way round.
/// </summary>
internal static class PeerPrerequisites
{
    /// <summary>Debian's interpreter, which sees Debian's Python packages (a <c>python3</c> earlier on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    private const string AptGet = "/usr/bin/apt-get";
    private const string DistPackages = "/usr/lib/python3/dist-packages";

    // uvloop and httptools are what uvicorn[standard], the usual way to deploy FastAPI, adds to uvicorn.
    private static readonly (string Package, string Module)[] s_packages =
    [
        ("python3-sklearn", "sklearn"),
        ("python3-pandas", "pandas"),
        ("python3-fastapi", "fastapi"),
        ("python3-uvicorn", "uvicorn"),
        ("python3-uvloop", "uvloop"),
        ("python3-httptools", "httptools"),
    ];

    private static readonly string s_lockFile = Path.Combine(Path.GetTempPath(), "mlops-prerequisites.lock");
    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromMinutes(15);

    public static async Task EnsureInstalledAsync(Action<string> log)
    {
        if (Missing() is [])
        {
            return;
        }

        await using var installLock = await TakeLockAsync(log);
        if (Missing() is not { Count: > 0 } missing)
        {
            return;
        }

        var names = string.Join(" ", missing);
        if (!Environment.IsPrivilegedProcess || !File.Exists(AptGet))
        {
            throw new InvalidOperationException($"The scikit-learn peer needs Debian packages: sudo apt-get install {names}");
        }

        log($"Installing {names} with apt-get...");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        string[] waitForDpkg = ["-o", "DPkg::Lock::Timeout=600"];
        (await ChildProcess.RunAsync(AptGet, [.. waitForDpkg, "update"], environment, log)).ThrowIfFailed("apt-get update");
        (await ChildProcess.RunAsync(AptGet, [.. waitForDpkg, "install", "-y", .. missing], environment, log))
            .ThrowIfFailed($"apt-get install {names}");
        if (Missing() is { Count: > 0 } stillMissing)
        {
            throw new InvalidOperationException($"apt-get finished, but {string.Join(" and ", stillMissing)} is still missing.");
        }
    }

    private static List<string> Missing() =>
        [.. s_packages.Where(package => !Directory.Exists(Path.Combine(DistPackages, package.Module))).Select(package => package.Package)];

    private static async Task<FileStream> TakeLockAsync(Action<string> log)
    {
        var deadline = DateTime.UtcNow + s_lockTimeout;
        var waiting = false;
        while (true)
        {
            try
            {
                return new FileStream(s_lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!waiting)
                {
                    log("Waiting for another process that is installing Debian packages...");
                    waiting = true;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}