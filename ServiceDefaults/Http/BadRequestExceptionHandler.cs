using System.Text.Json;

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MlOps.ServiceDefaults.Http;

/// <summary>
/// Turns a request that could not be bound (a query value of the wrong type, a JSON body that does not
/// parse) into a 400 ProblemDetails that says which parameter or JSON path was wrong.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var detail = badRequest.InnerException is JsonException { Path: { } path } json
            ? $"{badRequest.Message} At {path}: {json.Message}"
            : badRequest.Message;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = badRequest.StatusCode, Title = "Bad request", Detail = detail },
        });
    }
}