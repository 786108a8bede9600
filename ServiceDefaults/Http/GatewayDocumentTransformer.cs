using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MlOps.ServiceDefaults.Http;

/// <summary>
/// Describes a service's API as clients reach it: through the gateway (the server is the document's own origin, the
/// gateway that serves it at <c>/docs/&lt;service&gt;.json</c>) with an API key as a bearer token, so an interactive
/// reference can send a call with the operator's key.
/// </summary>
public sealed class GatewayDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Servers = [new OpenApiServer { Url = "/", Description = "The MlOps gateway" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An MlOps API key, sent as the bearer token: Authorization: Bearer followed by the key.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }
}