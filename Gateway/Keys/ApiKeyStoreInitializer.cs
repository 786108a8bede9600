using Microsoft.Extensions.Options;

using MlOps.ServiceDefaults.Http;

namespace MlOps.Gateway.Keys;

/// <summary>Loads the key store and adds the bootstrap admin key before the server accepts requests.</summary>
internal sealed class ApiKeyStoreInitializer(ApiKeyStore store, IOptions<ApiKeyStoreOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.LoadAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(options.Value.Bootstrap))
        {
            await store.EnsureAsync(options.Value.Bootstrap.Trim(), MlOpsHeaders.DefaultTenant, ApiKeyRoles.Admin, "bootstrap");
        }

        if (!string.IsNullOrWhiteSpace(options.Value.Dashboard))
        {
            await store.EnsureAsync(options.Value.Dashboard.Trim(), MlOpsHeaders.DefaultTenant, ApiKeyRoles.Admin, "dashboard");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}