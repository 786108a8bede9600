using System.Security.Claims;
using System.Text.Encodings.Web;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.Gateway.Keys;

namespace MlOps.Gateway.Authentication;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api-key&gt;</c> against the key store.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (header.Count > 1 || !TryReadBearerToken(header.ToString(), out var secret))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header must be 'Bearer <api-key>'."));
        }

        if (store.FindBySecret(secret) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ApiKeyClaimTypes.KeyId, key.Id),
                new Claim(ApiKeyClaimTypes.Tenant, key.Tenant),
                new Claim(ClaimTypes.Role, key.Role),
            ],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: result.Failure?.Message ?? "An API key is required: send 'Authorization: Bearer <api-key>'.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role);
        return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: $"A key with the role '{role}' may not {Request.Method} {Request.Path}.")
            .ExecuteAsync(Context);
    }

    private static bool TryReadBearerToken(string header, out string token)
    {
        token = header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : string.Empty;
        return token.Length > 0 && !token.Contains(' ');
    }
}