using Microsoft.AspNetCore.Http.HttpResults;

using MlOps.Console.Api;

namespace MlOps.Console.Actions;

/// <summary>
/// Post, then redirect back to the page the action came from, with what happened in its query (<c>done</c> or
/// <c>error</c>, the API's own title and detail), so a reload never repeats the action.
/// </summary>
public static class ActionRedirect
{
    public static RedirectHttpResult To<T>(string? returnUrl, ApiResult<T> result, string done) =>
        result.Succeeded ? Done(returnUrl, done) : Failed(returnUrl, result.Problem.Describe());

    public static RedirectHttpResult Done(string? returnUrl, string message) => Back(returnUrl, "done", message);

    public static RedirectHttpResult Failed(string? returnUrl, string message) => Back(returnUrl, "error", message);

    private static RedirectHttpResult Back(string? returnUrl, string key, string message)
    {
        var path = RemoveOutcome(LocalPath(returnUrl));
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return TypedResults.LocalRedirect($"{path}{separator}{key}={Uri.EscapeDataString(message)}");
    }

    /// <summary>A path on this site, or <c>/</c>: never another host (<c>//evil</c>, <c>/\evil</c>) to redirect to.</summary>
    public static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || returnUrl[1] is not '/' and not '\\') ? returnUrl : "/";

    private static string RemoveOutcome(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return path;
        }

        var kept = path[(query + 1)..].Split('&').Where(part => !part.StartsWith("done=", StringComparison.Ordinal) && !part.StartsWith("error=", StringComparison.Ordinal));
        var rest = string.Join('&', kept);
        return rest.Length == 0 ? path[..query] : $"{path[..query]}?{rest}";
    }
}