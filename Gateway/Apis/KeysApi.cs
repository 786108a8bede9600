using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Gateway.Authentication;
using MlOps.Gateway.Authorization;
using MlOps.Gateway.Keys;
using MlOps.Gateway.RateLimiting;

namespace MlOps.Gateway.Apis;

public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        // Any valid key may ask who it is: the console signs an operator in with it.
        app.MapGet("/api/keys/me", GetCallerKey)
            .WithTags("Keys")
            .WithName("GetCallerApiKey")
            .WithSummary("The key that makes this request: its id, tenant, role and name")
            .RequireAuthorization(GatewayPolicies.ServiceAccess)
            .RequireRateLimiting(PerKeyRateLimiterPolicy.Name);

        var api = app.MapGroup("/api/keys")
            .WithTags("Keys")
            .RequireAuthorization(GatewayPolicies.Admin)
            .RequireRateLimiting(PerKeyRateLimiterPolicy.Name);

        api.MapPost("", CreateKey)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key; its secret is shown only in this response");
        api.MapGet("", ListKeys)
            .WithName("ListApiKeys")
            .WithSummary("List the API keys, without their secrets");
        api.MapGet("/{id}", GetKey)
            .WithName("GetApiKey")
            .WithSummary("Get one API key, without its secret");
        api.MapDelete("/{id}", DeleteKey)
            .WithName("DeleteApiKey")
            .WithSummary("Delete an API key; it stops working at once");
        return app;
    }

    public static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateKey(CreateApiKeyRequest request, ApiKeyStore store)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (key, secret) = await store.CreateAsync(request.Tenant!, request.Role!, request.Name ?? string.Empty);
        return TypedResults.Created(
            $"/api/keys/{key.Id}",
            new CreatedApiKey(key.Id, secret, key.Tenant, key.Role, key.Name, key.CreatedAt));
    }

    public static Results<Ok<ApiKeySummary>, ProblemHttpResult> GetCallerKey(ClaimsPrincipal user, ApiKeyStore store) =>
        store.FindById(user.FindFirstValue(ApiKeyClaimTypes.KeyId) ?? string.Empty) is { } key
            ? TypedResults.Ok(ApiKeySummary.From(key))
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The API key is not valid.");

    public static Ok<ApiKeySummary[]> ListKeys(ApiKeyStore store) =>
        TypedResults.Ok(store.List().Select(ApiKeySummary.From).ToArray());

    public static Results<Ok<ApiKeySummary>, ProblemHttpResult> GetKey(string id, ApiKeyStore store) =>
        store.FindById(id) is { } key
            ? TypedResults.Ok(ApiKeySummary.From(key))
            : NoSuchKey(id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteKey(string id, ApiKeyStore store) =>
        await store.DeleteAsync(id) switch
        {
            ApiKeyDeletion.Deleted => TypedResults.NoContent(),
            ApiKeyDeletion.LastAdmin => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Last admin key",
                detail: $"The key '{id}' is the last admin key; create another admin key before deleting it."),
            _ => NoSuchKey(id),
        };

    private static ProblemHttpResult NoSuchKey(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no API key '{id}'.");
}