using MlOps.AppHost.Resources;

namespace MlOps.Inference.Bench;

/// <summary>
/// The Debian packages the FastAPI + scikit-learn peer runs on, installed by <see cref="Prerequisites"/> when missing,
/// under the same lock as PostgreSQL and RabbitMQ.
/// </summary>
internal static class PeerPrerequisites
{
    /// <summary>Debian's interpreter, which sees Debian's Python packages (a <c>python3</c> earlier on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

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

    public static Task EnsureInstalledAsync(Action<string> log) =>
        Prerequisites.EnsureDebianPackagesAsync(s_packages.Select(package => (package.Package, Path.Combine(DistPackages, package.Module))), log);
}