using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Gateway.Docs;
using MlOps.Gateway.Routing;

namespace MlOps.Gateway.Apis;

public static class DocsApi
{
    public static IEndpointRouteBuilder MapDocsApi(this IEndpointRouteBuilder app)
    {
        var docs = app.MapGroup("/docs").WithTags("Docs");

        docs.MapGet("", GetDocsPage)
            .WithName("GetDocsPage")
            .WithSummary("An HTML page of every service's operations");
        docs.MapGet("/{resource}.json", GetServiceDocument)
            .WithName("GetServiceOpenApiDocument")
            .WithSummary("A service's OpenAPI document, as the service serves it");
        return app;
    }

    public static async Task<ContentHttpResult> GetDocsPage(HttpRequest request, OpenApiDocumentClient client, CancellationToken cancellationToken)
    {
        var documents = await Task.WhenAll(BackendServices.All.Select(service => client.FetchAsync(service, cancellationToken)));
        return TypedResults.Content(DocsPage.Render(BackendServices.All, documents, request.PathBase), "text/html; charset=utf-8");
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetServiceDocument(
        string resource, OpenApiDocumentClient client, CancellationToken cancellationToken)
    {
        if (BackendServices.FindByResource(resource) is not { } service)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no service '{resource}'.");
        }

        var document = await client.FetchAsync(service, cancellationToken);
        return document.Json is { } json
            ? TypedResults.Content(json, "application/json; charset=utf-8")
            : TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Service unavailable",
                detail: $"The OpenAPI document of {resource} is unavailable: {document.Unavailable}");
    }
}