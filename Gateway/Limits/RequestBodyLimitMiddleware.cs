using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MlOps.Gateway.Limits;

/// <summary>
/// Refuses a declared Content-Length over the limit before anything is forwarded, and makes the server cut a
/// longer chunked body (Kestrel counts its chunk framing too): YARP answers that cut with the server's 413,
/// which the status-code pages of ServiceDefaults turn into ProblemDetails.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    private readonly RequestLimitsOptions _options = options.Value;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = UploadRoutes.Matches(context.Request) ? _options.MaxUploadBodyBytes : _options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return TypedResults.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Request body too large",
                    detail: $"The request body is over the gateway's limit of {limit} bytes.")
                .ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}