using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using MlOps.Console.Actions;
using MlOps.Console.Api;

namespace MlOps.Console.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").WithMetadata(new RequireAntiforgeryTokenAttribute());
        account.MapPost("/sign-in", SignIn);
        account.MapPost("/sign-out", SignOut);
        return app;
    }

    /// <summary>Checks the key with the gateway, then keeps it in the protected cookie.</summary>
    public static async Task<RedirectHttpResult> SignIn(
        [FromForm(Name = "apiKey")] string? apiKey, [FromForm(Name = "returnUrl")] string? returnUrl,
        HttpContext context, GatewayClient gateway, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return TypedResults.Redirect("/sign-in?error=" + Uri.EscapeDataString("Enter an API key."));
        }

        var caller = await gateway.GetAsync<CallerKey>("/api/keys/me", apiKey.Trim(), cancellationToken);
        if (caller.Value is not { } key)
        {
            return TypedResults.Redirect("/sign-in?error=" + Uri.EscapeDataString(caller.Problem!.Describe()));
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, OperatorClaims.Create(apiKey.Trim(), key));
        return TypedResults.LocalRedirect(ActionRedirect.LocalPath(returnUrl));
    }

    public static SignOutHttpResult SignOut() =>
        TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/sign-in" }, [CookieAuthenticationDefaults.AuthenticationScheme]);
}