using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.Contracts.ModelPackages;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>
/// Calls to the registry service on a tenant's behalf: a version's manifest (the drift reference), the deployment,
/// and the promotions and traffic changes the retraining policy decides.
/// </summary>
public sealed class RegistryClient(HttpClient http)
{
    /// <summary>The version's manifest, or null when the registry has no such version.</summary>
    public async Task<ModelManifest?> GetManifestAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, tenant, $"/api/registry/models/{Uri.EscapeDataString(model)}/versions/{version}");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"version {version} of '{model}'", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(MonitoringJson.Options, cancellationToken);
        return body.GetProperty("manifest").Deserialize<ModelManifest>(MonitoringJson.Options);
    }

    public async Task PromoteAsync(string tenant, string model, int version, string reason, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, tenant, $"/api/registry/models/{Uri.EscapeDataString(model)}/promote");
        request.Content = JsonContent.Create(new { version, reason }, options: MonitoringJson.Options);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"the promotion of version {version} of '{model}'", cancellationToken);
    }

    public async Task SetDeploymentModeAsync(string tenant, string model, string mode, string reason, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, tenant, $"/api/registry/models/{Uri.EscapeDataString(model)}/deployment");
        request.Content = JsonContent.Create(new { mode, reason }, options: MonitoringJson.Options);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"the deployment of '{model}'", cancellationToken);
    }

    private static HttpRequestMessage Request(HttpMethod method, string tenant, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(MlOpsHeaders.Tenant, tenant);
        request.Headers.Add(MlOpsHeaders.KeyId, "monitoring-service");
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The registry refused {what} ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}",
                null, response.StatusCode);
        }
    }
}