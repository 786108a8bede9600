using MlOps.AppHost.Resources;

namespace MlOps.AppHost.Launcher;

/// <summary>One service, run as `dotnet &lt;dll&gt;` from the dll's folder.</summary>
internal sealed class ServiceProcess(ServiceDefinition definition, string dllPath, int port)
{
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(10);

    private ChildProcess? _process;
    private volatile bool _stopping;

    public ServiceDefinition Definition => definition;

    public string Name => definition.Name;

    /// <summary>http://127.0.0.1:port, without a trailing slash, as the services__NAME__http__0 convention has it.</summary>
    public string Url { get; } = $"http://127.0.0.1:{port}";

    public bool IsStarted => _process is not null;

    /// <summary>The exit code once it has exited.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.Completion.Result : null;

    public void Start(IReadOnlyDictionary<string, string> environment, Action<string> log, Action<int> onUnexpectedExit)
    {
        _process = ChildProcess.Start(DotnetHost.Executable, [dllPath], log, environment, Path.GetDirectoryName(dllPath));
        _ = ReportUnexpectedExitAsync(_process, onUnexpectedExit);
    }

    /// <summary>SIGTERM, then a kill after a grace period.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        if (_process is not null)
        {
            await _process.StopAsync(s_stopGrace);
        }
    }

    private async Task ReportUnexpectedExitAsync(ChildProcess process, Action<int> onUnexpectedExit)
    {
        int exitCode = await process.Completion;
        if (!_stopping)
        {
            onUnexpectedExit(exitCode);
        }
    }
}