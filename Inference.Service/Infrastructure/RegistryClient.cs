namespace MlOps.Inference.Service.Infrastructure;

/// <summary>Calls to the registry service, resolved through service discovery.</summary>
public sealed class RegistryClient(HttpClient http)
{
    public async Task<bool> IsAliveAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/alive", cancellationToken);
        return response.IsSuccessStatusCode;
    }
}