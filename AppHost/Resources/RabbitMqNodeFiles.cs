using System.Globalization;

namespace MlOps.AppHost.Resources;

/// <summary>
/// The files and environment that make a RabbitMQ node private: its data, configuration, credentials, Erlang cookie
/// (in its own HOME, shared by the server and the CLI tools) and its own epmd.
/// </summary>
public sealed class RabbitMqNodeFiles(string directory)
{
    // Fixed, because Mnesia ties the node's data to its name; nodes never meet, each has its own epmd.
    public const string NodeName = "mlops@localhost";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string PidFile { get; } = Path.Combine(directory, "rabbit.pid");

    private string Home => Path.Combine(directory, "home");

    private string MnesiaBase => Path.Combine(directory, "mnesia");

    private string LogDirectory => Path.Combine(directory, "log");

    private string ConfigFile => Path.Combine(directory, "rabbitmq.conf");

    private string EnabledPluginsFile => Path.Combine(directory, "enabled_plugins");

    private string EnvFile => Path.Combine(directory, "rabbitmq-env.conf");

    public const string ServerScript = Prerequisites.RabbitMqBinDirectory + "/rabbitmq-server";

    public string Folder => directory;

    public static Dictionary<string, string> EpmdEnvironment(int epmdPort)
    {
        return new Dictionary<string, string>
        {
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        };
    }

    /// <summary>The node's user and password, generated on first use and kept in its folder (mode 0600).</summary>
    public (string User, string Password) Credentials()
    {
        Directory.CreateDirectory(directory, OwnerOnly);
        string[] credentials = SecretFile
            .ReadOrCreate(Path.Combine(directory, "credentials"), () => $"mlops-{SecretFile.NewToken(4)}:{SecretFile.NewToken()}")
            .Split(':', 2);
        return (credentials[0], credentials[1]);
    }

    /// <summary>Creates the folders and files the node needs and returns its credentials.</summary>
    public (string User, string Password) Prepare(int port)
    {
        foreach (string folder in new[] { directory, Home, MnesiaBase, LogDirectory })
        {
            Directory.CreateDirectory(folder, OwnerOnly);
        }

        SecretFile.ReadOrCreate(Path.Combine(Home, ".erlang.cookie"), () => SecretFile.NewToken(20).ToUpperInvariant());
        (string user, string password) = Credentials();

        // default_user and default_pass only take effect on the first boot, when the node's data is created.
        File.WriteAllLines(ConfigFile, [
            $"listeners.tcp.default = 127.0.0.1:{port}",
            "default_vhost = /",
            $"default_user = {user}",
            $"default_pass = {password}",
            "default_permissions.configure = .*",
            "default_permissions.read = .*",
            "default_permissions.write = .*",
            "loopback_users = none",
            "log.console = true",
            "log.console.level = info",
            "log.console.use_colors = off",
            "log.console.formatter.single_line = on",
            "log.file = false",
        ]);
        File.WriteAllText(EnabledPluginsFile, "[].");
        File.WriteAllText(EnvFile, string.Empty);
        return (user, password);
    }

    public Dictionary<string, string> Environment(int port, int distributionPort, int epmdPort)
    {
        Dictionary<string, string> environment = EpmdEnvironment(epmdPort);
        environment["HOME"] = Home;
        environment["LANG"] = "C.UTF-8";
        environment["LC_ALL"] = "C.UTF-8";
        environment["PATH"] = $"{Prerequisites.RabbitMqBinDirectory}:{System.Environment.GetEnvironmentVariable("PATH")}";
        environment["RABBITMQ_NODENAME"] = NodeName;
        environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        environment["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        // Set explicitly: the default, NODE_PORT + 20000, can exceed 65535.
        environment["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_MNESIA_BASE"] = MnesiaBase;
        environment["RABBITMQ_MNESIA_DIR"] = Path.Combine(MnesiaBase, NodeName);
        environment["RABBITMQ_LOG_BASE"] = LogDirectory;
        environment["RABBITMQ_PID_FILE"] = PidFile;
        environment["RABBITMQ_CONFIG_FILE"] = ConfigFile;
        environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(directory, "advanced.config");
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = EnabledPluginsFile;
        environment["RABBITMQ_CONF_ENV_FILE"] = EnvFile;
        environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
        // The start script then runs the Erlang VM in its own place instead of as a child it signals: whoever starts
        // the script supervises the broker itself, and SIGTERM stops it gracefully.
        environment["RUNNING_UNDER_SYSTEMD"] = "true";
        return environment;
    }
}