using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Npgsql;

namespace MlOps.ServiceDefaults.Database;

/// <summary>
/// Applies pending migrations before the service starts serving. The work runs under a PostgreSQL
/// advisory lock, so replicas starting together apply each script once. A database that is not
/// reachable yet is retried until the host stops.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, MigrationPlan plan, ILogger<MigrationRunner> logger)
    : IHostedService
{
    private const long LockKey = 0x4D4C4F7073; // "MLOps"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await ApplyAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException && !cancellationToken.IsCancellationRequested)
            {
                if (ex is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName })
                {
                    await DatabaseCreator.CreateAsync(plan.ConnectionString, cancellationToken);
                    continue;
                }

                logger.LogWarning("Database not ready for migrations ({Reason}); retrying in {Delay}", ex.Message, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    source     text        NOT NULL,
                    version    text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (source, version))
                """, cancellationToken);

            var applied = await AppliedAsync(connection, cancellationToken);
            foreach (var script in plan.Scripts)
            {
                if (applied.Contains((script.Source, script.Version)))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (source, version) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = script.Source });
                    record.Parameters.Add(new NpgsqlParameter { Value = script.Version });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Source}/{Version}", script.Source, script.Version);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task<HashSet<(string, string)>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<(string, string)>();
        await using var command = new NpgsqlCommand("SELECT source, version FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add((reader.GetString(0), reader.GetString(1)));
        }

        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}