using System.Net.Sockets;

namespace MlOps.AppHost.Launcher;

/// <summary>Asks a service's GET /health, or whether a server's TCP port accepts connections.</summary>
internal sealed class HealthProbe : IDisposable
{
    private const int MaxBodyLength = 300;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new() { Timeout = s_timeout };

    public async Task<HealthResult> CheckHttpAsync(Uri baseAddress, CancellationToken ct)
    {
        try
        {
            using HttpResponseMessage response = await _http.GetAsync(new Uri(baseAddress, "/health"), ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            string status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            string description = body.Length switch
            {
                0 => status,
                > MaxBodyLength => $"{status}: {body[..MaxBodyLength]}...",
                _ => $"{status}: {body}",
            };
            return new HealthResult(response.IsSuccessStatusCode, description);
        }
        catch (HttpRequestException e)
        {
            return new HealthResult(false, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new HealthResult(false, $"no answer within {s_timeout.TotalSeconds} s");
        }
    }

    public static async Task<HealthResult> CheckTcpAsync(string host, int port, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s_timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return new HealthResult(true, "accepting connections");
        }
        catch (SocketException e)
        {
            return new HealthResult(false, e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new HealthResult(false, $"no connection within {s_timeout.TotalSeconds} s");
        }
    }

    public void Dispose()
    {
        _http.Dispose();
    }
}