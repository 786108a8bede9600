using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.RegularExpressions;

namespace MlOps.SystemHarness;

/// <summary>
/// The whole system started by the AppHost launcher in a process of its own (<c>dotnet AppHost.dll</c>),
/// exactly as <c>dotnet run --project AppHost</c> starts it, minus the build.
/// </summary>
public sealed partial class RunningSystem : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly Process _launcher;
    private readonly ConcurrentQueue<string> _output = new();

    private RunningSystem(Process launcher, string dataDirectory, int gatewayPort, string apiKey)
    {
        _launcher = launcher;
        DataDirectory = dataDirectory;
        GatewayUrl = new Uri($"http://127.0.0.1:{gatewayPort}");
        ApiKey = apiKey;
        launcher.OutputDataReceived += (_, line) => Record(line.Data);
        launcher.ErrorDataReceived += (_, line) => Record(line.Data);
    }

    public string DataDirectory { get; }

    public Uri GatewayUrl { get; }

    public string ApiKey { get; }

    public int LauncherPid => _launcher.Id;

    /// <summary>Everything the launcher printed so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the launcher and waits until the gateway answers <c>/health</c> with 200.
    /// <paramref name="environment"/> adds variables, e.g. connection strings to servers the caller owns.
    /// </summary>
    public static async Task<RunningSystem> StartAsync(
        string dataDirectory, int gatewayPort, string apiKey, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AppHostPath(), "--data", dataDirectory, "--gateway-port", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["MLOPS_API_KEY"] = apiKey;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var system = new RunningSystem(Process.Start(start)!, dataDirectory, gatewayPort, apiKey);
        system._launcher.BeginOutputReadLine();
        system._launcher.BeginErrorReadLine();
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

    /// <summary>A resource's base URL as the launcher's table printed it.</summary>
    public Uri ServiceUrl(string resource)
    {
        foreach (var line in _output)
        {
            var match = TableRow().Match(line);
            if (match.Success && match.Groups["name"].Value == resource)
            {
                return new Uri(match.Groups["url"].Value);
            }
        }

        throw new InvalidOperationException($"The launcher printed no URL for {resource}:\n{Output}");
    }

    /// <summary>The processes of this system right now (launcher excluded).</summary>
    public IReadOnlySet<int> Processes() => SystemProcesses.Of(_launcher.Id, DataDirectory);

    /// <summary>Sends Ctrl+C (SIGINT) to the launcher and returns its exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        if (!_launcher.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", _launcher.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _launcher.WaitForExitAsync(timeout.Token);
        return _launcher.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_launcher.HasExited)
        {
            try
            {
                await InterruptAsync();
            }
            catch (OperationCanceledException)
            {
                _launcher.Kill(entireProcessTree: true);
            }
        }

        _launcher.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_launcher.HasExited)
            {
                throw new InvalidOperationException($"The launcher exited with {_launcher.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(GatewayUrl, "/health"));
                if (response.IsSuccessStatusCode && _output.Any(line => TableRow().IsMatch(line)))
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

    [GeneratedRegex(@"^\s*\|?\s*(?<name>gateway|[a-z]+-service)\s*\|?\s+\S+\s*\|?\s+(?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex TableRow();
}