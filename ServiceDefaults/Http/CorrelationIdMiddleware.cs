using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlOps.ServiceDefaults.Http;

/// <summary>
/// Gives every request a correlation id (the caller's, or a new one), returns it in the response,
/// passes it on to proxied and outgoing requests, and puts it in the scope of every log line.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[MlOpsHeaders.CorrelationId].ToString();
        var id = CorrelationId.IsAcceptable(incoming) ? incoming : CorrelationId.New();
        context.Request.Headers[MlOpsHeaders.CorrelationId] = id;
        // Set as the response starts, over whatever a proxied service answered, so the id is there exactly once.
        context.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, string))state;
            response.Headers[MlOpsHeaders.CorrelationId] = id;
            return Task.CompletedTask;
        }, (context.Response, id));
        CorrelationId.Current = id;

        using (logger.BeginScope(new CorrelationScope(id)))
        {
            await next(context);
        }
    }
}