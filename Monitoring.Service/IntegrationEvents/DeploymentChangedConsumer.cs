using MassTransit;

using MlOps.Contracts.IntegrationEvents;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.Monitoring.Service.IntegrationEvents;

/// <summary>Remembers what each model serves now; a change older than the one stored is ignored.</summary>
public sealed class DeploymentChangedConsumer(NpgsqlDataSource dataSource) : IdempotentConsumer<DeploymentChanged>(dataSource)
{
    public const string Queue = "monitoring-deployment-changed";

    protected override async Task HandleAsync(
        ConsumeContext<DeploymentChanged> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var change = context.Message;
        await using var command = new NpgsqlCommand("""
            INSERT INTO deployments (tenant, model, champion_version, challenger_version, mode, challenger_traffic, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (tenant, model) DO UPDATE SET
                champion_version = excluded.champion_version, challenger_version = excluded.challenger_version,
                mode = excluded.mode, challenger_traffic = excluded.challenger_traffic, changed_at = excluded.changed_at
            WHERE deployments.changed_at <= excluded.changed_at
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = change.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = change.Model });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)change.ChampionVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)change.ChallengerVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = change.Mode });
        command.Parameters.Add(new NpgsqlParameter { Value = change.ChallengerTraffic });
        command.Parameters.Add(new NpgsqlParameter { Value = change.ChangedAt });
        await command.ExecuteNonQueryAsync(context.CancellationToken);
    }
}