using MlOps.AppHost.Launcher;

namespace MlOps.AppHost;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        return SystemLauncher.RunAsync(args);
    }
}