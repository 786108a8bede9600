using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;

using Microsoft.Extensions.Options;

using MlOps.Inference.Service.Serving;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Inference.Service.Infrastructure;

/// <summary>
/// Calls to the registry service, resolved through service discovery. Calls for one tenant's model carry the tenant
/// header themselves, as the gateway would.
/// </summary>
public sealed class RegistryClient(IHttpClientFactory clients, IOptions<InferenceOptions> options)
{
    public const string HttpClientName = "registry-service";

    public async Task<bool> IsAliveAsync(CancellationToken cancellationToken)
    {
        using var response = await Http().GetAsync("/alive", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Every tenant's deployments with a champion, or only <paramref name="only"/>'s.</summary>
    /// <exception cref="HttpRequestException">The registry could not be reached or failed.</exception>
    public async Task<IReadOnlyList<RegistryDeployment>> ListDeploymentsAsync(ModelKey? only, CancellationToken cancellationToken)
    {
        var query = only is { } key ? $"?tenant={Uri.EscapeDataString(key.Tenant)}&model={Uri.EscapeDataString(key.Name)}" : "";
        return await Http().GetFromJsonAsync<List<RegistryDeployment>>($"/internal/deployments{query}", cancellationToken)
            ?? throw new HttpRequestException("The registry answered null instead of a list of deployments.");
    }

    /// <summary>Downloads a version's package into memory and checks it against the SHA-256 the registry recorded.</summary>
    /// <exception cref="ModelLoadException">The registry has no such package, refuses to serve it, or sent other bytes.</exception>
    /// <exception cref="HttpRequestException">The registry could not be reached or failed.</exception>
    public async Task<MemoryStream> DownloadPackageAsync(ModelKey key, int version, string sha256, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/registry/models/{Uri.EscapeDataString(key.Name)}/versions/{version}/artifact");
        request.Headers.Add(MlOpsHeaders.Tenant, key.Tenant);
        using var response = await Http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.Gone)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new ModelLoadException($"The registry refused version {version}'s package ({(int)response.StatusCode}): {problem}");
        }

        response.EnsureSuccessStatusCode();
        var limit = options.Value.PackageLimits.MaxTotalBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new ModelLoadException($"Version {version}'s package is larger than the {limit} bytes a package may have.");
        }

        var package = new MemoryStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (package.Length + read > limit)
                {
                    throw new ModelLoadException($"Version {version}'s package is larger than the {limit} bytes a package may have.");
                }

                hash.AppendData(buffer, 0, read);
                package.Write(buffer, 0, read);
            }
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != sha256)
        {
            throw new ModelLoadException($"Version {version}'s package has SHA-256 {actual}, but the registry recorded {sha256}.");
        }

        package.Position = 0;
        return package;
    }

    private HttpClient Http() => clients.CreateClient(HttpClientName);
}