using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.ServiceDefaults.Http;

namespace MlOps.Training.Service.Infrastructure;

/// <summary>Registers model packages in the registry service, on behalf of the tenant and key that asked for the job.</summary>
public sealed class RegistryClient(HttpClient http)
{
    public async Task<int> RegisterAsync(string tenant, string? keyId, string model, Stream package, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/registry/models/{Uri.EscapeDataString(model)}/versions")
        {
            Content = new StreamContent(package),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        request.Headers.Add(MlOpsHeaders.Tenant, tenant);
        if (keyId is not null)
        {
            request.Headers.Add(MlOpsHeaders.KeyId, keyId);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The registry refused the model ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var version = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return version.GetProperty("version").GetInt32();
    }
}