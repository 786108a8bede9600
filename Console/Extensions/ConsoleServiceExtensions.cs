using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

using MlOps.Console.Account;
using MlOps.Console.Api;

namespace MlOps.Console.Extensions;

public static class ConsoleServiceExtensions
{
    public static WebApplicationBuilder AddConsoleServices(this WebApplicationBuilder builder)
    {
        // Run from its build output (as the AppHost runs it, in any environment), the console finds its assets, and
        // their precompressed copies, through the build's manifest; a published console has no such manifest and
        // serves them from its own wwwroot.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName);

        // The sign-in cookie carries the operator's API key, so its protection keys live with the data: a restart
        // keeps operators signed in, and nobody without the data folder can read a cookie.
        var dataProtection = services.AddDataProtection().SetApplicationName("mlops-console");
        if (builder.Configuration[$"{ConsoleOptions.SectionName}:KeysFolder"] is { Length: > 0 } keysFolder)
        {
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(keysFolder));
        }

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = OperatorCookie.Name;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/sign-in";
                options.LogoutPath = "/sign-out";
                options.AccessDeniedPath = "/sign-in";
                options.ExpireTimeSpan = OperatorCookie.Lifetime;
                options.SlidingExpiration = true;
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();

        // One attempt, no retries: a console action such as a promotion must never be sent twice, and a slow
        // answer is better shown as an error than hidden behind retries.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<GatewayClient>(client => client.BaseAddress = new Uri("http://gateway"))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddRazorComponents();
        services.AddAntiforgery();
        return builder;
    }
}