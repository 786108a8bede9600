using System.Globalization;
using System.Net.Http.Headers;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace MlOps.EndToEndTests;

/// <summary>
/// The whole system started from the AppHost's resource graph by Aspire's test host, with its data in a folder of the
/// test's own; ready once the gateway, and so everything it waits for, reports healthy.
/// </summary>
public sealed class AspireSystem : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly DistributedApplication _app;

    private AspireSystem(DistributedApplication app, int gatewayPort, string apiKey)
    {
        _app = app;
        GatewayUrl = new Uri($"http://127.0.0.1:{gatewayPort}");
        ApiKey = apiKey;
    }

    public Uri GatewayUrl { get; }

    public string ApiKey { get; }

    public ResourceNotificationService Notifications => _app.ResourceNotifications;

    /// <summary>
    /// Starts the system. <paramref name="settings"/> are the AppHost's configuration, as environment variables would
    /// give them (<c>RateLimits__Burst</c>, <c>ConnectionStrings__postgres</c>).
    /// </summary>
    public static async Task<AspireSystem> StartAsync(
        string dataDirectory, int gatewayPort, string apiKey, IReadOnlyDictionary<string, string>? settings = null)
    {
        string[] args =
        [
            "--data", dataDirectory,
            "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
            $"--MLOPS_API_KEY={apiKey}",
            .. (settings ?? new Dictionary<string, string>()).Select(setting => $"--{setting.Key.Replace("__", ":", StringComparison.Ordinal)}={setting.Value}"),
        ];
        IDistributedApplicationTestingBuilder builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            args, (options, _) => options.DisableDashboard = true);
        DistributedApplication app = await builder.BuildAsync();
        var system = new AspireSystem(app, gatewayPort, apiKey);
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP client for the gateway, carrying the admin key unless told otherwise.</summary>
    public HttpClient CreateClient(bool withKey = true)
    {
        var client = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (withKey)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        }

        return client;
    }

    /// <summary>A service's own base URL.</summary>
    public Uri ServiceUrl(string resource) => _app.GetEndpoint(resource, "http");

    /// <summary>Runs a resource command as the dashboard would, with its arguments by name.</summary>
    public Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command, params (string Name, string Value)[] arguments)
    {
        var inputs = new InteractionInputCollection(
            [.. arguments.Select(argument => new InteractionInput { Name = argument.Name, InputType = InputType.Text, Value = argument.Value })]);
        return _app.ResourceCommands.ExecuteCommandAsync(resource, command, inputs, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}