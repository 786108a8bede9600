using System.Net;
using System.Net.Http.Headers;

namespace MlOps.Ingest.Bench;

/// <summary>Posts event batches to the gateway, as a client of the platform does.</summary>
public sealed class GatewayIngest(HttpClient client)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await client.PostAsync("/api/telemetry/events/drowsiness", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}