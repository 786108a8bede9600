using System.Runtime.InteropServices;

namespace MlOps.AppHost.Launcher;

/// <summary>The dotnet executable that runs the services' dlls.</summary>
internal static class DotnetHost
{
    public static string Executable { get; } = Find();

    // Under `dotnet run` the launcher runs through its own apphost executable, not through dotnet.
    private static string Find()
    {
        string? processPath = Environment.ProcessPath;
        if (processPath is not null && System.IO.Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }

        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        // The runtime lives in <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        string besideRuntime = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(besideRuntime) ? besideRuntime : "dotnet";
    }
}