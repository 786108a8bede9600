using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MlOps.AppHost.Resources;

/// <summary>
/// Picks TCP ports on 127.0.0.1 that nothing listens on, below the kernel's ephemeral range: a port handed out here
/// is bound later by another process, and in the ephemeral range an outgoing connection could take it meanwhile.
/// </summary>
public static class FreePort
{
    private const int FirstPort = 10000;
    private const int DefaultEphemeralStart = 32768;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    // rabbitmqctl and the other RabbitMQ CLI tools listen on this fixed range for their own Erlang distribution.
    private const int RabbitMqCliFirstPort = 35672;
    private const int RabbitMqCliLastPort = 35682;

    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lazy<int> s_ephemeralStart = new(ReadEphemeralStart);

    /// <summary>A free port, never the same one twice in this process (so concurrent servers cannot pick the same).</summary>
    public static int Next()
    {
        lock (s_handedOut)
        {
            while (true)
            {
                int port = Random.Shared.Next(FirstPort, s_ephemeralStart.Value);
                if (port is not (>= RabbitMqCliFirstPort and <= RabbitMqCliLastPort) && !s_handedOut.Contains(port) && IsFree(port))
                {
                    s_handedOut.Add(port);
                    return port;
                }
            }
        }
    }

    /// <summary>Never hands out the port: another process will bind it later (the dashboard's, say).</summary>
    public static void Reserve(int port)
    {
        lock (s_handedOut)
        {
            s_handedOut.Add(port);
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralStart()
    {
        try
        {
            string first = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out int start) && start > FirstPort + 1000
                ? start
                : DefaultEphemeralStart;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return DefaultEphemeralStart;
        }
    }
}