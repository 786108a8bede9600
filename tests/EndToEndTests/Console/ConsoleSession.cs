using System.Collections.Concurrent;
using System.Globalization;

using Deque.AxeCore.Playwright;

using Microsoft.Playwright;

using Xunit;

namespace MlOps.EndToEndTests.Console;

/// <summary>
/// One operator in the browser, signed in with a key. Every request to a host other than the system's is blocked and
/// remembered, so a page that needs anything from outside fails its test.
/// </summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    /// <summary>Where screenshots and the page-time report go: beside the test results dotnet test writes.</summary>
    public static readonly string ResultsFolder = Path.Combine(TestResultsFolder(), "console");

    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _blocked = new();

    private ConsoleSession(IBrowserContext context, IPage page)
    {
        Directory.CreateDirectory(ResultsFolder);
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public IReadOnlyCollection<string> BlockedRequests => _blocked;

    public static async Task<ConsoleSession> SignInAsync(ConsoleSystem system, string apiKey)
    {
        var gateway = system.System.GatewayUrl;
        var context = await system.Browser.NewContextAsync(new() { BaseURL = gateway.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var session = new ConsoleSession(context, await context.NewPageAsync());
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == gateway.Authority)
            {
                await route.ContinueAsync();
            }
            else
            {
                session._blocked.Enqueue(route.Request.Url);
                await route.AbortAsync();
            }
        });

        await session.Page.GotoAsync("/");
        Assert.EndsWith("/sign-in", new Uri(session.Page.Url).AbsolutePath);
        await session.Page.FillAsync("#apiKey", apiKey);
        await session.Page.ClickAsync("button[type=submit]");
        await session.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return session;
    }

    /// <summary>Opens a page and returns the console's own time to answer it (its Server-Timing), in milliseconds.</summary>
    public async Task<double> OpenAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Ok, $"{path}: HTTP {response.Status}");
        var timing = await response.HeaderValueAsync("server-timing");
        Assert.NotNull(timing);
        return double.Parse(timing[(timing.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Saves what the window shows of the page under the test results, named for the page.</summary>
    public async Task ScreenshotAsync(string name)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ResultsFolder, name + ".png") });
    }

    /// <summary>The serious and critical accessibility violations axe finds on the page, one line each.</summary>
    public async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync()
    {
        var result = await Page.RunAxe();
        return [.. result.Violations
            .Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help} — {string.Join(", ", violation.Nodes.Take(3).Select(node => node.Target?.ToString()))}")];
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private static string TestResultsFolder()
    {
        // tests/EndToEndTests/bin/<configuration>/<framework>/ → tests/TestResults, where dotnet test writes its results.
        var tests = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));
        return Path.Combine(tests, "TestResults");
    }
}