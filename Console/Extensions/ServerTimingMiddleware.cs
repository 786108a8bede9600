using System.Diagnostics;
using System.Globalization;

namespace MlOps.Console.Extensions;

/// <summary>
/// Reports how long the console took to answer in a <c>Server-Timing</c> header, so a browser's developer tools,
/// the tests and the benchmark all read the same figure.
/// </summary>
internal sealed class ServerTimingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"app;dur={milliseconds:F1}");
            return Task.CompletedTask;
        });
        return next(context);
    }
}