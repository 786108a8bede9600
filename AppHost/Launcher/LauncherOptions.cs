using System.Globalization;

using Microsoft.Extensions.Configuration;

using Npgsql;

namespace MlOps.AppHost.Launcher;

/// <summary>What the launcher was asked to do, from its command line and environment variables.</summary>
/// <param name="PostgresConnectionString">An existing server to use instead of a private one (server level, Npgsql form).</param>
/// <param name="MessagingConnectionString">An existing broker to use instead of a private one (AMQP URI).</param>
/// <param name="ApiKey">The bootstrap admin API key to give the gateway (MLOPS_API_KEY).</param>
/// <param name="OtlpEndpoint">Passed on to the services when the launcher has it.</param>
/// <param name="BatchScheduling">Whether the servers and services run under Linux's SCHED_BATCH.</param>
internal sealed record LauncherOptions(
    string DataDirectory,
    int GatewayPort,
    string? PostgresConnectionString,
    string? MessagingConnectionString,
    string EnvironmentName,
    string? ApiKey,
    string? OtlpEndpoint,
    bool BatchScheduling)
{
    public const string Usage =
        "Usage: dotnet run --project AppHost -- [--data DIR] [--gateway-port N] [--batch-scheduling true|false]\n"
        + "  --data DIR          where the databases, broker data and API keys live (default: ./.mlops)\n"
        + "  --gateway-port N    the gateway's port on 127.0.0.1 (default: MLOPS_GATEWAY_PORT, else 8080)\n"
        + "  --batch-scheduling  run the servers and services under Linux's SCHED_BATCH (default: MLOPS_BATCH_SCHEDULING, else true)\n"
        + "Existing servers can replace the private ones: ConnectionStrings__postgres, ConnectionStrings__messaging.";

    private const int DefaultGatewayPort = 8080;

    /// <exception cref="FormatException">The command line or a value is malformed.</exception>
    public static LauncherOptions Parse(string[] args)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

        string? port = configuration["gateway-port"] ?? configuration["MLOPS_GATEWAY_PORT"];
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

        string? postgres = NullIfEmpty(configuration.GetConnectionString("postgres"));
        string? messaging = NullIfEmpty(configuration.GetConnectionString("messaging"));
        ValidatePostgres(postgres);
        if (messaging is not null && !Uri.TryCreate(messaging, UriKind.Absolute, out _))
        {
            throw new FormatException("ConnectionStrings:messaging must be an AMQP URI: amqp://user:password@host:port/");
        }

        return new LauncherOptions(
            DataDirectory: Path.GetFullPath(NullIfEmpty(configuration["data"]) ?? ".mlops"),
            GatewayPort: gatewayPort,
            PostgresConnectionString: postgres,
            MessagingConnectionString: messaging,
            EnvironmentName: NullIfEmpty(configuration["ASPNETCORE_ENVIRONMENT"]) ?? "Production",
            ApiKey: NullIfEmpty(configuration["MLOPS_API_KEY"]),
            OtlpEndpoint: NullIfEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]),
            BatchScheduling: useBatchScheduling);
    }

    private static void ValidatePostgres(string? connectionString)
    {
        if (connectionString is null)
        {
            return;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"ConnectionStrings:postgres is not an Npgsql connection string: {e.Message}");
        }
    }

    private static string? NullIfEmpty(string? value)
    {
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}