using System.Globalization;
using System.Text;

namespace MlOps.SystemHarness;

/// <summary>
/// Finds the processes that belong to one running system: the AppHost's descendants, the orchestrator (DCP, which
/// detaches from the AppHost but names it as the process it monitors), anything whose command line or environment
/// names the system's data folder (PostgreSQL, the Erlang VM), and the descendants of all of them (the services,
/// epmd, the dashboard, PostgreSQL's backends).
/// </summary>
public static class SystemProcesses
{
    /// <param name="rootPid">The AppHost, or a process the AppHost descends from (a benchmark that started it).</param>
    public static IReadOnlySet<int> Of(int rootPid, string dataDirectory)
    {
        var parents = new Dictionary<int, int>();
        var monitored = new Dictionary<int, int>();
        var found = new HashSet<int>();
        foreach (var pid in AllPids())
        {
            if (ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }

            if (pid == Environment.ProcessId)
            {
                continue;
            }

            if (MonitoredBy(pid) is { } monitoredPid)
            {
                monitored[pid] = monitoredPid;
            }

            if (Mentions(pid, dataDirectory))
            {
                found.Add(pid);
            }
        }

        var ancestors = new HashSet<int>(found) { rootPid };
        while (true)
        {
            var more = parents.Keys.Where(pid => !ancestors.Contains(pid) && DescendsFrom(pid, ancestors, parents))
                .Concat(monitored.Where(pair => !ancestors.Contains(pair.Key) && ancestors.Contains(pair.Value)).Select(pair => pair.Key))
                .ToList();
            if (more.Count == 0)
            {
                break;
            }

            ancestors.UnionWith(more);
        }

        ancestors.Remove(rootPid);
        return ancestors;
    }

    // The orchestrator runs detached from the AppHost, with "--monitor <AppHost pid>" on its command line.
    private static int? MonitoredBy(int pid)
    {
        var arguments = Read($"/proc/{pid}/cmdline")?.Split('\0');
        var at = arguments is null ? -1 : Array.IndexOf(arguments, "--monitor");
        return at >= 0 && at + 1 < arguments!.Length && int.TryParse(arguments[at + 1], CultureInfo.InvariantCulture, out var monitoredPid)
            ? monitoredPid
            : null;
    }

    /// <summary>The value of an environment variable of a process, or null.</summary>
    public static string? EnvironmentVariable(int pid, string name) =>
        Read($"/proc/{pid}/environ")?.Split('\0').FirstOrDefault(entry => entry.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    /// <summary>User and system time of the process in seconds, its exited threads and waited-for children included.</summary>
    public static double? CpuSeconds(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // Fields after "pid (comm) ": state is the first; utime, stime, cutime, cstime are the 12th to 15th, in
        // USER_HZ, which the kernel's ABI fixes at 100 per second.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return Enumerable.Range(11, 4).Sum(field => long.Parse(fields[field], CultureInfo.InvariantCulture)) / 100.0;
    }

    public static bool IsRunning(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        // A zombie has exited; only its parent's bookkeeping is left.
        return stat is not null && StateOf(stat) != 'Z';
    }

    /// <summary>The scheduling policy of each of the process's threads (0 normal, 3 SCHED_BATCH); none once it has exited.</summary>
    public static IEnumerable<int> ThreadPolicies(int pid)
    {
        IEnumerable<string> tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            if (Read(Path.Combine(task, "stat")) is { } stat)
            {
                // The policy is the 41st field; the 3rd (state) is the first after "pid (comm) ".
                yield return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[38], CultureInfo.InvariantCulture);
            }
        }
    }

    private static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture));

    private static bool DescendsFrom(int pid, IReadOnlySet<int> ancestors, Dictionary<int, int> parents)
    {
        for (var current = pid; parents.TryGetValue(current, out var parent) && parent > 1; current = parent)
        {
            if (ancestors.Contains(parent))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Mentions(int pid, string text) =>
        (Read($"/proc/{pid}/cmdline")?.Contains(text, StringComparison.Ordinal) ?? false)
        || (Read($"/proc/{pid}/environ")?.Contains(text, StringComparison.Ordinal) ?? false);

    private static int? ParentOf(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // "pid (comm) state ppid ..." where comm may itself hold spaces and parentheses.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static char StateOf(string stat) => stat[stat.LastIndexOf(')') + 2];

    private static string? Read(string path)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}