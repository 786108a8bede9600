using System.Globalization;

using Microsoft.Extensions.Configuration;

namespace MlOps.AppHost;

/// <summary>What the AppHost was asked to do, from its command line, environment variables and parameters.</summary>
/// <param name="DataDirectory">Where the databases, the broker's data, the API keys and the spilled log batches live.</param>
/// <param name="PostgresConnectionString">An existing server to use instead of a private one (server level, Npgsql form).</param>
/// <param name="MessagingConnectionString">An existing broker to use instead of a private one (AMQP URI).</param>
/// <param name="ApiKey">The bootstrap admin API key to give the gateway (MLOPS_API_KEY).</param>
/// <param name="BatchScheduling">Whether the servers and services run under Linux's SCHED_BATCH.</param>
internal sealed record AppHostOptions(
    string DataDirectory,
    int GatewayPort,
    string? PostgresConnectionString,
    string? MessagingConnectionString,
    string? ApiKey,
    bool BatchScheduling)
{
    private const int DefaultGatewayPort = 8080;

    /// <exception cref="FormatException">A value is malformed.</exception>
    public static AppHostOptions From(IConfiguration configuration)
    {
        string? port = NullIfEmpty(configuration["gateway-port"] ?? configuration["Parameters:gateway-port"] ?? configuration["MLOPS_GATEWAY_PORT"]);
        int gatewayPort = DefaultGatewayPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out gatewayPort) || gatewayPort is < 1 or > 65535))
        {
            throw new FormatException($"The gateway port must be a number from 1 to 65535, not '{port}'.");
        }

        string batchScheduling = NullIfEmpty(configuration["batch-scheduling"] ?? configuration["MLOPS_BATCH_SCHEDULING"]) ?? "true";
        if (!bool.TryParse(batchScheduling, out bool useBatchScheduling))
        {
            throw new FormatException($"Batch scheduling must be true or false, not '{batchScheduling}'.");
        }

        string? messaging = NullIfEmpty(configuration.GetConnectionString("messaging"));
        if (messaging is not null && !Uri.TryCreate(messaging, UriKind.Absolute, out _))
        {
            throw new FormatException("ConnectionStrings:messaging must be an AMQP URI: amqp://user:password@host:port/");
        }

        return new AppHostOptions(
            DataDirectory: Path.GetFullPath(NullIfEmpty(configuration["data"]) ?? ".mlops"),
            GatewayPort: gatewayPort,
            PostgresConnectionString: NullIfEmpty(configuration.GetConnectionString("postgres")),
            MessagingConnectionString: messaging,
            ApiKey: NullIfEmpty(configuration["MLOPS_API_KEY"]),
            BatchScheduling: useBatchScheduling);
    }

    public string DataFolder(string name) => Path.Combine(DataDirectory, name);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}