using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;

using MlOps.AppHost.Resources;

namespace MlOps.SystemHarness;

/// <summary>
/// The whole system started by the Aspire AppHost in a process of its own (<c>dotnet AppHost.dll</c>), as
/// <c>dotnet run --project AppHost</c> starts it minus the build: for benchmarks, and for the tests that must signal or
/// kill the AppHost itself.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly Process _appHost;
    private readonly ConcurrentQueue<string> _output = new();

    private RunningSystem(Process appHost, string dataDirectory, int gatewayPort, string apiKey, Uri dashboardUrl)
    {
        _appHost = appHost;
        DataDirectory = dataDirectory;
        GatewayUrl = new Uri($"http://127.0.0.1:{gatewayPort}");
        DashboardUrl = dashboardUrl;
        ApiKey = apiKey;
        appHost.OutputDataReceived += (_, line) => Record(line.Data);
        appHost.ErrorDataReceived += (_, line) => Record(line.Data);
    }

    public string DataDirectory { get; }

    public Uri GatewayUrl { get; }

    public Uri DashboardUrl { get; }

    public string ApiKey { get; }

    public int AppHostPid => _appHost.Id;

    /// <summary>Everything the AppHost printed so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the AppHost and waits until it reports the gateway healthy, and the gateway answers <c>/health</c> with 200.
    /// <paramref name="environment"/> adds variables, e.g. connection strings to servers the caller owns.
    /// </summary>
    public static async Task<RunningSystem> StartAsync(
        string dataDirectory, int gatewayPort, string apiKey, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AppHostPath(), "--data", dataDirectory, "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // What the AppHost's launch profile sets under dotnet run, on ports of its own.
        var dashboardUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        start.Environment["ASPNETCORE_URLS"] = dashboardUrl.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["ASPIRE_VERSION_CHECK_DISABLED"] = "true";
        start.Environment["MLOPS_API_KEY"] = apiKey;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var system = new RunningSystem(Process.Start(start)!, dataDirectory, gatewayPort, apiKey, dashboardUrl);
        system._appHost.BeginOutputReadLine();
        system._appHost.BeginErrorReadLine();
        try
        {
            await system.WaitUntilReadyAsync();
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }

        return system;
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

    /// <summary>A service's own base URL, as the orchestrator gave it to the service.</summary>
    public Uri ServiceUrl(string resource)
    {
        foreach (var pid in Processes())
        {
            if (SystemProcesses.EnvironmentVariable(pid, "OTEL_SERVICE_NAME") == resource
                && SystemProcesses.EnvironmentVariable(pid, "ASPNETCORE_URLS") is { } urls)
            {
                return new Uri(urls.Split(';')[0]);
            }
        }

        throw new InvalidOperationException($"No process of {resource} was found.");
    }

    /// <summary>The processes of this system right now (AppHost excluded).</summary>
    public IReadOnlySet<int> Processes() => SystemProcesses.Of(_appHost.Id, DataDirectory);

    /// <summary>Sends SIGTERM (what Ctrl+C does in a terminal) to the AppHost and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_appHost.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _appHost.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _appHost.WaitForExitAsync(timeout.Token);
        return _appHost.ExitCode;
    }

    /// <summary>Kills the AppHost alone with SIGKILL, as an operator's <c>kill -9</c> would.</summary>
    public async Task KillAppHostAsync()
    {
        _appHost.Kill(entireProcessTree: false);
        await _appHost.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_appHost.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
                _appHost.Kill(entireProcessTree: true);
            }
        }

        _appHost.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_appHost.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with {_appHost.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(GatewayUrl, "/health"));
                if (response.IsSuccessStatusCode && _output.Any(line => line.Contains("Gateway: http://", StringComparison.Ordinal)))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The system was not ready within {StartTimeout}:\n{Output}");
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static string AppHostPath() =>
        typeof(RunningSystem).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "AppHostPath").Value!;
}