using System.Text.Json;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using MlOps.AppHost.Resources;
using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Checks;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Drift.Bench;

/// <summary>Monitoring's database on the bench's server, migrated by the service's own scripts, and its drift checker.</summary>
public static class MonitoringDatabase
{
    public const string Name = "bench_monitoring";

    public static async Task<NpgsqlDataSource> CreateAsync(PostgresServer server)
    {
        await server.CreateDatabaseAsync(Name);
        var dataSource = NpgsqlDataSource.Create(server.ConnectionString(Name));
        // The platform's tables (the outbox the checker writes to) first, then the service's, as the service migrates.
        var scripts = MigrationScript.FromAssembly(typeof(Outbox).Assembly, "platform")
            .Concat(MigrationScript.FromAssembly(typeof(DriftChecker).Assembly, "monitoringdb"));
        foreach (var script in scripts)
        {
            await using var command = dataSource.CreateCommand(script.Sql);
            await command.ExecuteNonQueryAsync();
        }

        return dataSource;
    }

    /// <summary>Stores the manifest where <see cref="ReferenceStore"/> looks before asking the registry, so the registry is never called.</summary>
    public static async Task SaveManifestAsync(NpgsqlDataSource dataSource, ModelManifest manifest)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO model_versions (tenant, model, version, manifest) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter { Value = BenchModel.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = BenchModel.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = BenchModel.Version });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = JsonSerializer.Serialize(manifest, MonitoringJson.Options),
        });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The checker as the service wires it, over the real database. Its HTTP clients have no address and are never
    /// used: the manifest is in the database, and the default policy has no error-rate rule.
    /// </summary>
    public static DriftChecker Checker(NpgsqlDataSource dataSource, MonitoringOptions options, HttpClient unused) => new(
        dataSource,
        new ReferenceStore(dataSource, new RegistryClient(unused)),
        new CountStore(dataSource),
        new FeedbackStore(dataSource),
        new PolicyStore(dataSource),
        new TelemetryClient(unused, NullLogger<TelemetryClient>.Instance),
        Options.Create(options),
        TimeProvider.System,
        NullLogger<DriftChecker>.Instance);
}