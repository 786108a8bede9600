using Microsoft.AspNetCore.Components;

namespace MlOps.Console.Components.Pages.Models;

/// <summary>Links to the current page with some query parameters changed, relative so they hold behind the gateway.</summary>
public static class QueryLinks
{
    /// <remarks>The outcome of the last action (<c>done</c>, <c>error</c>) is not carried along.</remarks>
    public static string With(NavigationManager navigation, IReadOnlyDictionary<string, object?> changes)
    {
        var parameters = new Dictionary<string, object?>(changes) { ["done"] = null, ["error"] = null };
        return "/" + navigation.ToBaseRelativePath(navigation.GetUriWithQueryParameters(parameters));
    }
}