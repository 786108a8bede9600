using System.Net;
using System.Net.Sockets;

namespace MlOps.AppHost.Resources;

/// <summary>Picks TCP ports on 127.0.0.1 that nothing listens on.</summary>
public static class FreePort
{
    // rabbitmqctl and the other RabbitMQ CLI tools listen on this fixed range for their own Erlang distribution.
    private const int RabbitMqCliFirstPort = 35672;
    private const int RabbitMqCliLastPort = 35682;

    private static readonly HashSet<int> s_handedOut = [];

    /// <summary>A free port, never the same one twice in this process (so concurrent servers cannot pick the same).</summary>
    public static int Next()
    {
        lock (s_handedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (port is not (>= RabbitMqCliFirstPort and <= RabbitMqCliLastPort) && s_handedOut.Add(port))
                {
                    return port;
                }
            }
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
}