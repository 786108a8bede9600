namespace MlOps.ServiceDefaults.Http;

/// <summary>Carries the current correlation id on calls to other services.</summary>
internal sealed class CorrelationIdHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (CorrelationId.Current is { } id && !request.Headers.Contains(MlOpsHeaders.CorrelationId))
        {
            request.Headers.Add(MlOpsHeaders.CorrelationId, id);
        }

        return base.SendAsync(request, cancellationToken);
    }
}