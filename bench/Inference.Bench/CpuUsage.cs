using System.Globalization;

using MlOps.SystemHarness;

namespace MlOps.Inference.Bench;

/// <summary>
/// CPU time used by each part of the system between two readings of <c>/proc</c>: the bench process itself (the load
/// generator, and the scoring when in-process), the gateway, Inference, Telemetry, Monitoring, PostgreSQL, RabbitMQ,
/// the rest (registry, training, the AppHost, the orchestrator and the dashboard) and the scikit-learn peer, plus what
/// the machine left idle. The system's processes are the bench's descendants (the peer's Python processes among them)
/// and whatever names the bench's data folder (the servers, which detach), with theirs.
/// </summary>
internal sealed class CpuUsage(string dataFolder)
{
    public static readonly string[] Parts = ["bench", "gateway", "inference", "telemetry", "monitoring", "postgres", "rabbitmq", "other", "peer"];

    // /proc reports times in USER_HZ, which the kernel's ABI fixes at 100 per second.
    private const double TicksPerSecond = 100;

    public Reading Read()
    {
        var seconds = Parts.ToDictionary(part => part, _ => 0.0);
        foreach (var pid in SystemProcesses.Of(Environment.ProcessId, dataFolder).Append(Environment.ProcessId))
        {
            if (SystemProcesses.CpuSeconds(pid) is { } used)
            {
                seconds[PartOf(pid)] += used;
            }
        }

        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var idle = (double.Parse(machine[4], CultureInfo.InvariantCulture) + double.Parse(machine[5], CultureInfo.InvariantCulture)) / TicksPerSecond;
        return new Reading(seconds, idle);
    }

    private static string PartOf(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return "bench";
        }

        var command = Text($"/proc/{pid}/cmdline") ?? "";
        return command switch
        {
            _ when command.StartsWith(PeerPrerequisites.Python, StringComparison.Ordinal) => "peer",
            _ when IsService(command, "Gateway") => "gateway",
            _ when IsService(command, "Inference.Service") => "inference",
            _ when IsService(command, "Telemetry.Service") => "telemetry",
            _ when IsService(command, "Monitoring.Service") => "monitoring",
            _ when command.StartsWith("postgres", StringComparison.Ordinal) || command.Contains("/postgres", StringComparison.Ordinal) => "postgres",
            _ when command.Contains("beam", StringComparison.Ordinal) || command.Contains("epmd", StringComparison.Ordinal)
                || command.Contains("erl_child_setup", StringComparison.Ordinal) || command.Contains("inet_gethost", StringComparison.Ordinal) => "rabbitmq",
            _ => "other",
        };
    }

    // Started as "dotnet Service.dll" or as the service's own executable; "dotnet run --project …" only waits for it.
    private static bool IsService(string command, string name) =>
        command.Contains($"/{name}.dll", StringComparison.Ordinal) || command.StartsWith('/') && command.TrimEnd().EndsWith($"/{name}", StringComparison.Ordinal);

    private static string? Text(string path)
    {
        try
        {
            return File.ReadAllText(path).Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public sealed record Reading(IReadOnlyDictionary<string, double> Seconds, double IdleSeconds)
    {
        /// <summary>Microseconds of CPU per unit of work (a request or a row) that each part used since <paramref name="start"/>.</summary>
        public IReadOnlyDictionary<string, double> MicrosecondsPer(Reading start, double units) =>
            Seconds.ToDictionary(part => part.Key, part => (part.Value - start.Seconds[part.Key]) * 1e6 / units);
    }
}