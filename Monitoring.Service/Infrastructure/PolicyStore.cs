using System.Text.Json;

using MlOps.Monitoring.Service.Policies;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>Each model's policy (the defaults until one is set) and when it was last checked on schedule.</summary>
public sealed class PolicyStore(NpgsqlDataSource dataSource)
{
    public async Task<MonitoringPolicy> GetAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT policy FROM policies WHERE tenant = $1 AND model = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        return await command.ExecuteScalarAsync(cancellationToken) is string policy
            ? JsonSerializer.Deserialize<MonitoringPolicy>(policy, MonitoringJson.Options)!
            : new MonitoringPolicy();
    }

    public async Task SaveAsync(string tenant, string model, MonitoringPolicy policy, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO policies (tenant, model, policy) VALUES ($1, $2, $3)
            ON CONFLICT (tenant, model) DO UPDATE SET policy = excluded.policy, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(policy, MonitoringJson.Options) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the deployed models whose check interval has passed (by their policy, or the default for models without
    /// one): marks them checked now and returns them with their champion version.
    /// </summary>
    public async Task<IReadOnlyList<(string Tenant, string Model, int Version)>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        var defaultInterval = new MonitoringPolicy().CheckIntervalSeconds;
        await using var command = dataSource.CreateCommand($"""
            WITH due AS (
                SELECT d.tenant, d.model, d.champion_version
                FROM deployments d LEFT JOIN policies p ON p.tenant = d.tenant AND p.model = d.model
                WHERE d.champion_version IS NOT NULL
                  AND (p.last_checked_at IS NULL OR p.last_checked_at + make_interval(secs =>
                        coalesce((p.policy->>'checkIntervalSeconds')::integer, {defaultInterval})) <= now())
            ), claimed AS (
                INSERT INTO policies (tenant, model, policy, last_checked_at)
                SELECT tenant, model, '{JsonSerializer.Serialize(new MonitoringPolicy(), MonitoringJson.Options)}'::jsonb, now() FROM due
                ON CONFLICT (tenant, model) DO UPDATE SET last_checked_at = now()
                RETURNING tenant, model
            )
            SELECT due.tenant, due.model, due.champion_version FROM due JOIN claimed USING (tenant, model)
            """);
        var due = new List<(string, string, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return due;
    }
}