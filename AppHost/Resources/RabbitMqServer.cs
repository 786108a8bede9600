using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MlOps.AppHost.Resources;

/// <summary>
/// A private RabbitMQ node: its own data, ports, epmd and Erlang cookie, listening on 127.0.0.1 only. Its log goes to
/// the log callback. Stopping it leaves no process behind (beam.smp, erl_child_setup, epmd).
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private static readonly TimeSpan s_bootTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly RabbitMqNodeFiles _files;
    private readonly Dictionary<string, string> _environment;
    private readonly string _user;
    private readonly string _password;
    private readonly int _epmdPort;
    private readonly Action<string> _log;
    private readonly RecentLines _recent = new();
    private ChildProcess? _server;

    private RabbitMqServer(string directory, int port, Action<string> log)
    {
        _directory = directory;
        _files = new RabbitMqNodeFiles(directory);
        (_user, _password) = _files.Prepare(port);
        _epmdPort = FreePort.Next();
        _environment = _files.Environment(port, distributionPort: FreePort.Next(), _epmdPort);
        _log = log;
        Port = port;
    }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>amqp://user:password@127.0.0.1:port/</summary>
    public string ConnectionString => $"amqp://{_user}:{_password}@127.0.0.1:{Port}/";

    public static async Task<RabbitMqServer> StartAsync(RabbitMqServerOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        await Prerequisites.EnsureInstalledAsync(log ?? (_ => { }), ct);
        if (!File.Exists(RabbitMqNodeFiles.ServerScript))
        {
            throw new InvalidOperationException($"{RabbitMqNodeFiles.ServerScript} was not found: install the rabbitmq-server package.");
        }

        var server = new RabbitMqServer(Path.GetFullPath(options.DataDirectory), options.Port ?? FreePort.Next(), log ?? (_ => { }));
        await server.BootAsync(ct);
        return server;
    }

    /// <summary>
    /// Adds a virtual host the server's user may use, and returns the connection string to it: queues and exchanges of
    /// one vhost never see another's messages.
    /// </summary>
    public async Task<string> AddVirtualHostAsync(string name, CancellationToken ct = default)
    {
        (await CtlAsync(["add_vhost", name], ct)).ThrowIfFailed("rabbitmqctl add_vhost");
        (await CtlAsync(["set_permissions", "-p", name, _user, ".*", ".*", ".*"], ct)).ThrowIfFailed("rabbitmqctl set_permissions");
        return ConnectionString + Uri.EscapeDataString(name);
    }

    /// <summary>
    /// Raises the node's memory alarm (a high watermark of 0), so it blocks every connection that publishes: a broker
    /// that stays connected but takes nothing, until <see cref="UnblockPublishersAsync"/>.
    /// </summary>
    public async Task BlockPublishersAsync(CancellationToken ct = default) =>
        (await CtlAsync(["set_vm_memory_high_watermark", "0"], ct)).ThrowIfFailed("rabbitmqctl set_vm_memory_high_watermark");

    /// <summary>Sets RabbitMQ's default memory high watermark again, which clears the alarm.</summary>
    public async Task UnblockPublishersAsync(CancellationToken ct = default) =>
        (await CtlAsync(["set_vm_memory_high_watermark", "0.4"], ct)).ThrowIfFailed("rabbitmqctl set_vm_memory_high_watermark");

    /// <summary>Boots the stopped node again, with the same ports and data.</summary>
    public Task StartAgainAsync(CancellationToken ct = default)
    {
        return _server is null ? BootAsync(ct) : throw new InvalidOperationException("The RabbitMQ node is running.");
    }

    /// <summary>Shuts the node down and kills its epmd.</summary>
    public async Task StopAsync()
    {
        if (_server is not ChildProcess server)
        {
            return;
        }

        _server = null;
        using (var timeout = new CancellationTokenSource(s_shutdownTimeout))
        {
            try
            {
                await CtlAsync(["shutdown"], timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _log("rabbitmqctl shutdown timed out; killing the node");
            }
        }

        // Only when the node is gone: epmd refuses to be killed while a node is registered.
        await server.DisposeAsync();
        await KillEpmdAsync(_epmdPort);
    }

    public ValueTask DisposeAsync()
    {
        return new ValueTask(StopAsync());
    }

    private static async Task KillEpmdAsync(int epmdPort)
    {
        await ChildProcess.RunAsync("epmd", ["-kill"], RabbitMqNodeFiles.EpmdEnvironment(epmdPort));
    }

    private static async Task WaitUntilPortAcceptsAsync(int port, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private async Task BootAsync(CancellationToken ct)
    {
        File.Delete(_files.PidFile);
        _server = ChildProcess.Start(RabbitMqNodeFiles.ServerScript, [], Remember, _environment, _directory);
        using var boot = CancellationTokenSource.CreateLinkedTokenSource(ct);
        boot.CancelAfter(s_bootTimeout);
        try
        {
            // rabbitmq-server may exit 0 after a failed boot: readiness is what counts.
            Task ready = WaitUntilReadyAsync(boot.Token);
            if (await Task.WhenAny(ready, _server.Completion) != ready)
            {
                await boot.CancelAsync();
                throw new InvalidOperationException($"rabbitmq-server exited with code {await _server.Completion} while booting.");
            }

            await ready;
        }
        catch (Exception e)
        {
            await StopAsync();
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            throw new InvalidOperationException($"RabbitMQ did not start on port {Port}: {e.Message}{Environment.NewLine}{_recent}", e);
        }
    }

    // As in rabbitmq-server-wait: wait for the pid file's node to come up, then for the broker to finish booting.
    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        string timeout = ((int)s_bootTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        (await CtlAsync(["wait", "--timeout", timeout, _files.PidFile], ct)).ThrowIfFailed("rabbitmqctl wait");
        (await CtlAsync(["await_startup", "--timeout", timeout], ct)).ThrowIfFailed("rabbitmqctl await_startup");
        await WaitUntilPortAcceptsAsync(Port, ct);
    }

    private Task<CommandResult> CtlAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        string rabbitmqctl = Path.Combine(Prerequisites.RabbitMqBinDirectory, "rabbitmqctl");
        return ChildProcess.RunAsync(rabbitmqctl, ["-q", "-n", RabbitMqNodeFiles.NodeName, .. arguments], _environment, _log, ct);
    }

    private void Remember(string line)
    {
        _recent.Add(line);
        _log(line);
    }
}