using System.Diagnostics;
using System.Reflection;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using MlOps.ServiceDefaults.Telemetry;

using Npgsql;

namespace MlOps.ServiceDefaults.Database;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{connectionName}</c> with
    /// Aspire's Npgsql integration (its health check, metrics, and its spans where traces are exported), and the migrations embedded in <paramref name="migrationsAssembly"/>
    /// (every resource ending in <c>.sql</c>, applied in name order before the service starts serving).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase(
        this IHostApplicationBuilder builder, string connectionName, Assembly migrationsAssembly)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing: set ConnectionStrings__{connectionName}.");

        builder.AddNpgsqlDataSource(
            connectionName,
            settings => settings.DisableTracing = !OpenTelemetryExtensions.ExportsTraces(builder.Configuration),
            dataSource =>
            {
                dataSource.Name = connectionName;
                // A command outside any request or message (a background poll) would be a trace of its own every few
                // hundred milliseconds, burying the traces an operator looks for.
                dataSource.ConfigureTracing(tracing => tracing.ConfigureCommandFilter(_ => Activity.Current is not null));
            });

        builder.Services.AddSingleton(new MigrationPlan(
            connectionString,
            [
                .. MigrationScript.FromAssembly(typeof(DatabaseExtensions).Assembly, "platform"),
                .. MigrationScript.FromAssembly(migrationsAssembly, connectionName),
            ]));
        builder.Services.AddHostedService<MigrationRunner>();
        return builder;
    }
}