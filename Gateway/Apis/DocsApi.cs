using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Gateway.Docs;
using MlOps.Gateway.Routing;
using MlOps.ServiceDefaults.Http;

using Scalar.AspNetCore;

namespace MlOps.Gateway.Apis;

public static class DocsApi
{
    public static IEndpointRouteBuilder MapDocsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/docs/{resource}.json", GetServiceDocument)
            .WithTags("Docs")
            .WithName("GetServiceOpenApiDocument")
            .WithSummary("A service's OpenAPI document, as the service serves it");

        // An interactive reference over every service's document, served with its script from this gateway (no CDN,
        // fonts or telemetry from outside): an operator enters a key once and tries calls through the gateway.
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("MlOps API reference")
            .WithOpenApiRoutePattern("/docs/{documentName}.json")
            .AddDocuments(BackendServices.All.Select(service => service.Resource))
            .AddPreferredSecuritySchemes([GatewayDocumentTransformer.SchemeName])
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools());
        return app;
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