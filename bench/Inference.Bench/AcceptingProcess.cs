using System.Diagnostics;
using System.Globalization;

namespace MlOps.Inference.Bench;

/// <summary>
/// Which process accepted a loopback TCP connection: the server side's socket inode from <c>/proc/net/tcp</c> (0
/// until the connection is accepted), then the candidate process holding that socket among its file descriptors.
/// </summary>
internal static class AcceptingProcess
{
    public static int Of(int serverPort, int clientPort, IReadOnlyCollection<int> candidates, TimeSpan within)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (ServerSocketInode(serverPort, clientPort) is { } inode)
            {
                var socket = $"socket:[{inode}]";
                foreach (var pid in candidates)
                {
                    if (Descriptors(pid).Any(descriptor => descriptor == socket))
                    {
                        return pid;
                    }
                }
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"No process accepted the connection from port {clientPort} to port {serverPort} within {within}.");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>The processes whose parent is <paramref name="pid"/>.</summary>
    public static IReadOnlyCollection<int> ChildrenOf(int pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(child => ParentOf(child) == pid)];

    private static long? ServerSocketInode(int serverPort, int clientPort)
    {
        var local = $"0100007F:{serverPort:X4}";
        var remote = $"0100007F:{clientPort:X4}";
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl, local_address, rem_address, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout, inode.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[1] == local && fields[2] == remote && long.Parse(fields[9], CultureInfo.InvariantCulture) is var inode and > 0)
            {
                return inode;
            }
        }

        return null;
    }

    private static IEnumerable<string?> Descriptors(int pid)
    {
        try
        {
            return [.. Directory.EnumerateFiles($"/proc/{pid}/fd").Select(descriptor => new FileInfo(descriptor).LinkTarget)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}