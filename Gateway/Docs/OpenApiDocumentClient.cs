using MlOps.Gateway.Routing;

namespace MlOps.Gateway.Docs;

/// <summary>Fetches the OpenAPI document every service serves at <c>/openapi/v1.json</c>.</summary>
public sealed class OpenApiDocumentClient(HttpClient httpClient, IConfiguration configuration, ILogger<OpenApiDocumentClient> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<OpenApiDocumentResult> FetchAsync(BackendService service, CancellationToken cancellationToken)
    {
        if (service.GetAddress(configuration) is not { } address)
        {
            return OpenApiDocumentResult.Missing($"no address is configured ({service.AddressKey}).");
        }

        try
        {
            using var response = await httpClient.GetAsync(new Uri(address, "/openapi/v1.json"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return OpenApiDocumentResult.Missing($"it answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            return OpenApiDocumentResult.Fetched(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning("The OpenAPI document of {Resource} is unavailable: {Reason}", service.Resource, exception.Message);
            return OpenApiDocumentResult.Missing("it did not answer.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The OpenAPI document of {Resource} did not arrive within {Timeout}", service.Resource, Timeout);
            return OpenApiDocumentResult.Missing($"it did not answer within {Timeout.TotalSeconds:0} s.");
        }
    }
}