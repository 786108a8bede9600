using System.Diagnostics;
using System.Runtime.ExceptionServices;

using MlOps.AppHost.Resources;

namespace MlOps.AppHost.Launcher;

/// <summary>
/// Starts PostgreSQL, RabbitMQ and the six services in dependency order, watches their health, and stops everything
/// in reverse order on Ctrl+C or SIGTERM.
/// </summary>
internal sealed class SystemLauncher : IDisposable
{
    private static readonly TimeSpan s_healthTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_startupPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_monitorInterval = TimeSpan.FromSeconds(3);

    private readonly LauncherOptions _options;
    private readonly LogStreamer _output = new();
    private readonly ResourceTable _table;
    private readonly HealthProbe _probe = new();
    private readonly List<ServiceProcess> _services = [];
    private Infrastructure? _infrastructure;
    private string? _unannouncedApiKey;

    private SystemLauncher(LauncherOptions options)
    {
        _options = options;
        _table = new ResourceTable(_output);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(LauncherOptions.Usage);
            return 0;
        }

        LauncherOptions options;
        try
        {
            options = LauncherOptions.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(LauncherOptions.Usage);
            return 2;
        }

        using var shutdown = new ShutdownSignal();
        using var launcher = new SystemLauncher(options);
        return await launcher.RunAsync(shutdown.Token);
    }

    public void Dispose()
    {
        _probe.Dispose();
    }

    private async Task<int> RunAsync(CancellationToken stopping)
    {
        try
        {
            PrepareServices();
            // Before the first server starts, so that every process of the system inherits it.
            if (_options.BatchScheduling && !BatchScheduling.ApplyToThisProcess())
            {
                _output.Info("Batch scheduling is unavailable here: the system runs under normal scheduling.");
            }

            Directory.CreateDirectory(_options.DataDirectory);
            _output.Info($"Data folder: {_options.DataDirectory}");
            _infrastructure = await Infrastructure.StartAsync(_options, _output, stopping);
            foreach (ServerEndpoint endpoint in _infrastructure.Endpoints)
            {
                _table.Track(endpoint.Resource, endpoint.Display, ResourceState.Healthy);
            }

            await _infrastructure.CreateDatabasesAsync(ServiceCatalog.Databases, stopping);
            foreach (ServiceProcess service in _services)
            {
                _table.Track(service.Name, service.Url);
            }

            await StartServicesAsync(stopping);
            _table.Print();
            AnnounceApiKey();
            await MonitorAsync(stopping);
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e)
        {
            _output.Info($"Failed: {(e is InvalidOperationException ? e.Message : e.ToString())}");
            return 1;
        }
        finally
        {
            AnnounceApiKey();
            await StopEverythingAsync();
        }
    }

    // Before any server starts, so that a missing build or a busy gateway port fails at once.
    private void PrepareServices()
    {
        if (!FreePort.IsFree(_options.GatewayPort))
        {
            throw new InvalidOperationException(
                $"Port {_options.GatewayPort} is in use: choose the gateway's port with --gateway-port or MLOPS_GATEWAY_PORT.");
        }

        foreach (ServiceDefinition definition in ServiceCatalog.All)
        {
            int port = definition.Name == ServiceCatalog.Gateway ? _options.GatewayPort : FreePort.Next();
            _services.Add(new ServiceProcess(definition, ServiceCatalog.DllPath(definition), port));
        }
    }

    private async Task StartServicesAsync(CancellationToken stopping)
    {
        (string? key, bool isNew) = AdminApiKey.Resolve(_options);
        Directory.CreateDirectory(Path.GetDirectoryName(AdminApiKey.StorePath(_options))!);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Exception? firstFailure = null;

        async Task StartWhenDependenciesHealthyAsync(ServiceProcess service, Task[] dependencies)
        {
            try
            {
                await Task.WhenAll(dependencies);
                Start(service, key);
                if (isNew && service.Name == ServiceCatalog.Gateway)
                {
                    _unannouncedApiKey = key;
                }

                await WaitUntilHealthyAsync(service, abandon.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Interlocked.CompareExchange(ref firstFailure, e, null);
                await abandon.CancelAsync();
                throw;
            }
        }

        // The catalog lists dependencies before their dependents.
        var healthy = new Dictionary<string, Task>();
        foreach (ServiceProcess service in _services)
        {
            Task[] dependencies = [.. service.Definition.DependsOn.Select(name => healthy[name])];
            healthy[service.Name] = StartWhenDependenciesHealthyAsync(service, dependencies);
        }

        try
        {
            await Task.WhenAll(healthy.Values);
        }
        catch when (firstFailure is not null)
        {
            ExceptionDispatchInfo.Throw(firstFailure);
        }
    }

    private void Start(ServiceProcess service, string? bootstrapApiKey)
    {
        Dictionary<string, string> environment = ServiceEnvironment.For(service, _services, _infrastructure!, _options, bootstrapApiKey);
        service.Start(environment, _output.For(service.Name), exitCode =>
        {
            _output.Info($"{service.Name} exited unexpectedly with code {exitCode}");
            _table.Set(service.Name, ResourceState.Exited);
        });
    }

    private async Task WaitUntilHealthyAsync(ServiceProcess service, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (service.ExitCode is int exitCode)
            {
                throw new InvalidOperationException($"{service.Name} exited with code {exitCode} before it became healthy.");
            }

            HealthResult health = await _probe.CheckHttpAsync(new Uri(service.Url), ct);
            if (health.IsHealthy)
            {
                _table.Set(service.Name, ResourceState.Healthy);
                return;
            }

            if (clock.Elapsed > s_healthTimeout)
            {
                throw new InvalidOperationException(
                    $"{service.Name} did not become healthy within {s_healthTimeout.TotalSeconds} s; last health response: {health.Description}");
            }

            await Task.Delay(s_startupPollInterval, ct);
        }
    }

    private async Task MonitorAsync(CancellationToken stopping)
    {
        while (true)
        {
            await Task.Delay(s_monitorInterval, stopping);
            IEnumerable<Task> checks = _infrastructure!.Endpoints
                .Select(endpoint => CheckServerAsync(endpoint, stopping))
                .Concat(_services.Select(service => CheckServiceAsync(service, stopping)));
            await Task.WhenAll(checks);
        }
    }

    private async Task CheckServerAsync(ServerEndpoint endpoint, CancellationToken ct)
    {
        HealthResult health = await HealthProbe.CheckTcpAsync(endpoint.Host, endpoint.Port, ct);
        _table.Set(endpoint.Resource, health.IsHealthy ? ResourceState.Healthy : ResourceState.Unhealthy);
    }

    private async Task CheckServiceAsync(ServiceProcess service, CancellationToken ct)
    {
        if (service.ExitCode is not null)
        {
            return;
        }

        HealthResult health = await _probe.CheckHttpAsync(new Uri(service.Url), ct);
        if (service.ExitCode is null)
        {
            _table.Set(service.Name, health.IsHealthy ? ResourceState.Healthy : ResourceState.Unhealthy);
        }
    }

    /// <summary>Services first, dependents before what they depend on; then messaging, then postgres.</summary>
    private async Task StopEverythingAsync()
    {
        IEnumerable<IGrouping<int, ServiceProcess>> waves = _services
            .Where(service => service.IsStarted)
            .GroupBy(service => ServiceCatalog.StartWave(service.Definition))
            .OrderByDescending(wave => wave.Key);
        foreach (IGrouping<int, ServiceProcess> wave in waves)
        {
            await Task.WhenAll(wave.Select(StopServiceAsync));
        }

        if (_infrastructure is not null)
        {
            await _infrastructure.StopAsync(
                resource => _output.Info($"Stopping {resource}"),
                resource => _table.Set(resource, ResourceState.Stopped));
        }

        _output.Info("Stopped.");
    }

    private async Task StopServiceAsync(ServiceProcess service)
    {
        _output.Info($"Stopping {service.Name}");
        await service.StopAsync();
        _table.Set(service.Name, ResourceState.Stopped);
    }

    // A new key is shown once: when everything is up, or when the start is abandoned after the gateway got it.
    private void AnnounceApiKey()
    {
        if (Interlocked.Exchange(ref _unannouncedApiKey, null) is string key)
        {
            string rule = new('=', key.Length + 30);
            _output.Block($"{rule}\n  Admin API key (shown once): {key}\n{rule}");
        }
    }
}