using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.Contracts.ModelPackages;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Training.Service.Infrastructure;

/// <summary>
/// The registry service on behalf of a tenant and, when known, the key that asked: registers model packages, finds
/// the champion and the job that trained a version, downloads packages, sets aliases and tags versions.
/// </summary>
public sealed class RegistryClient(HttpClient http)
{
    public async Task<int> RegisterAsync(string tenant, string? keyId, string model, Stream package, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, Versions(model), tenant, keyId);
        request.Content = new StreamContent(package);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "the model", cancellationToken);
        var version = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return version.GetProperty("version").GetInt32();
    }

    /// <summary>The model's champion version; null when the model has none or is not registered.</summary>
    public async Task<int?> GetChampionAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"/api/registry/models/{Uri.EscapeDataString(model)}/deployment", tenant, null);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "the deployment", cancellationToken);
        var deployment = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return deployment.GetProperty("champion") is { ValueKind: JsonValueKind.Number } champion ? champion.GetInt32() : null;
    }

    /// <summary>The training job named in the version's lineage; null when the version is not registered.</summary>
    public async Task<Guid?> GetTrainingJobAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"{Versions(model)}/{version}", tenant, null);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"version {version}", cancellationToken);
        var found = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return found.GetProperty("manifest").GetProperty("lineage").GetProperty("jobId").GetGuid();
    }

    public async Task<ModelPackageContents> DownloadPackageAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"{Versions(model)}/{version}/artifact", tenant, null);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"the package of version {version}", cancellationToken);
        using var package = new MemoryStream(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        return await ModelPackage.ReadAsync(package, ModelPackageLimits.Default, cancellationToken);
    }

    public async Task SetAliasAsync(
        string tenant, string? keyId, string model, string alias, int version, string reason, CancellationToken cancellationToken)
    {
        using var request = Request(
            HttpMethod.Put, $"/api/registry/models/{Uri.EscapeDataString(model)}/aliases/{Uri.EscapeDataString(alias)}", tenant, keyId);
        request.Content = JsonContent.Create(new { version, reason });
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"the alias '{alias}'", cancellationToken);
    }

    /// <summary>Sets tags on a version; the registry merges them with its other tags.</summary>
    public async Task TagVersionAsync(
        string tenant, string? keyId, string model, int version, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Patch, $"{Versions(model)}/{version}", tenant, keyId);
        request.Content = JsonContent.Create(new { tags });
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"the tags of version {version}", cancellationToken);
    }

    private static string Versions(string model) => $"/api/registry/models/{Uri.EscapeDataString(model)}/versions";

    private static HttpRequestMessage Request(HttpMethod method, string path, string tenant, string? keyId)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(MlOpsHeaders.Tenant, tenant);
        if (keyId is not null)
        {
            request.Headers.Add(MlOpsHeaders.KeyId, keyId);
        }

        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The registry refused {what} ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}