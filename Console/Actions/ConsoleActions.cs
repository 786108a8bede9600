using Microsoft.AspNetCore.Antiforgery;

namespace MlOps.Console.Actions;

public static class ConsoleActions
{
    /// <summary>
    /// Every change an operator makes: a form posted with an antiforgery token to <c>/actions/…</c>, sent on to the
    /// public API with the operator's key, then a redirect back to the page.
    /// </summary>
    public static IEndpointRouteBuilder MapConsoleActions(this IEndpointRouteBuilder app)
    {
        var actions = app.MapGroup("/actions")
            .RequireAuthorization()
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        actions.MapKeyActions();
        actions.MapModelActions();
        actions.MapMonitoringActions();
        actions.MapTrainingActions();
        return app;
    }
}