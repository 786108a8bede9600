namespace MlOps.AppHost.Resources;

/// <summary>
/// initdb refuses to run as root, so when we are root the PostgreSQL binaries run as the postgres user, which must
/// own the server's folder and be able to reach it.
/// </summary>
internal static class PostgresUser
{
    private const string Name = "postgres";

    private static bool IsSwitching => Environment.IsPrivilegedProcess;

    public static Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, Action<string> log, CancellationToken ct)
    {
        return IsSwitching
            ? ChildProcess.RunAsync("runuser", ["-u", Name, "--", program, .. arguments], onOutputLine: log, ct: ct)
            : ChildProcess.RunAsync(program, arguments, onOutputLine: log, ct: ct);
    }

    /// <summary>Gives the postgres user the given folders and files, and a way to reach them.</summary>
    public static async Task TakeOverAsync(IReadOnlyCollection<string> paths, CancellationToken ct)
    {
        if (!IsSwitching)
        {
            return;
        }

        (await ChildProcess.RunAsync("chown", [$"{Name}:{Name}", .. paths], ct: ct)).ThrowIfFailed("chown");
        foreach (string path in paths)
        {
            MakeAncestorsTraversable(path, paths);
        }
    }

    private static void MakeAncestorsTraversable(string path, IReadOnlyCollection<string> ownedPaths)
    {
        for (DirectoryInfo? directory = Directory.GetParent(path); directory is not null; directory = directory.Parent)
        {
            UnixFileMode mode = directory.UnixFileMode;
            if (!ownedPaths.Contains(directory.FullName) && !mode.HasFlag(UnixFileMode.OtherExecute))
            {
                directory.UnixFileMode = mode | UnixFileMode.OtherExecute;
            }
        }
    }
}