using System.Net;
using System.Net.Sockets;

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.AppHost.Resources;

/// <summary>Healthy when something accepts TCP connections on the port of 127.0.0.1.</summary>
internal sealed class TcpHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
    }
}