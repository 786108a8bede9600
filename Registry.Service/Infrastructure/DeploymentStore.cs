using MlOps.Contracts.IntegrationEvents;
using MlOps.Registry.Service.Catalog;
using MlOps.Registry.Service.Deployments;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Registry.Service.Infrastructure;

/// <summary>
/// Aliases and traffic splits. A change is planned on the state read under the model row's lock, then written with its
/// audit entry and its <see cref="DeploymentChanged"/> event in the same transaction.
/// </summary>
public sealed class DeploymentStore(NpgsqlDataSource dataSource)
{
    public async Task<Deployment?> GetAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadStateAsync(connection, null, tenant, name, forUpdate: false, cancellationToken))?.ToDeployment();
    }

    /// <param name="plan">Decides the change from the current state and every version's status.</param>
    public async Task<DeploymentOutcome> ChangeAsync(
        Actor actor, string name, string? reason,
        Func<DeploymentState, IReadOnlyDictionary<int, string>, PlanResult> plan, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var state = await ReadStateAsync(connection, transaction, actor.Tenant, name, forUpdate: true, cancellationToken);
        if (state is null)
        {
            return new DeploymentOutcome(null, DeploymentRefusal.NotFound("name", $"There is no model '{name}'."));
        }

        var planned = plan(state, await ReadStatusesAsync(connection, transaction, actor.Tenant, name, cancellationToken));
        if (planned.Refusal is not null)
        {
            return new DeploymentOutcome(null, planned.Refusal);
        }

        if (planned.Change is not { } change)
        {
            return new DeploymentOutcome(state.ToDeployment(), null);
        }

        var now = StoredTime.Now();
        await WriteStateAsync(connection, transaction, actor.Tenant, name, change.State, now, cancellationToken);
        await using (var audit = new NpgsqlCommand("""
            INSERT INTO model_history (tenant, model, action, alias, from_state, to_state, reason, key_id, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, connection, transaction))
        {
            audit.Parameters.Add(new NpgsqlParameter { Value = actor.Tenant });
            audit.Parameters.Add(new NpgsqlParameter { Value = name });
            audit.Parameters.Add(new NpgsqlParameter { Value = change.Action });
            audit.Parameters.Add(Nullable(NpgsqlDbType.Text, change.Alias));
            audit.Parameters.Add(Nullable(NpgsqlDbType.Jsonb, change.From?.ToJsonString()));
            audit.Parameters.Add(Nullable(NpgsqlDbType.Jsonb, change.To?.ToJsonString()));
            audit.Parameters.Add(Nullable(NpgsqlDbType.Text, reason));
            audit.Parameters.Add(Nullable(NpgsqlDbType.Text, actor.KeyId));
            audit.Parameters.Add(new NpgsqlParameter { Value = now });
            await audit.ExecuteNonQueryAsync(cancellationToken);
        }

        var deployment = change.State.ToDeployment();
        await Outbox.EnqueueAsync(connection, transaction, new DeploymentChanged(
            name, deployment.Champion, deployment.Challenger, deployment.Mode, deployment.ChallengerTraffic,
            reason ?? Describe(change), now, actor.Tenant), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DeploymentOutcome(deployment, null);
    }

    /// <summary>The model's audit entries, newest first; null when the tenant has no such model.</summary>
    public async Task<IReadOnlyList<HistoryEntry>?> HistoryAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await ReadStateAsync(connection, null, tenant, name, forUpdate: false, cancellationToken) is null)
        {
            return null;
        }

        await using var command = new NpgsqlCommand("""
            SELECT id, action, alias, from_state::text, to_state::text, reason, key_id, changed_at
            FROM model_history
            WHERE tenant = $1 AND model = $2
            ORDER BY id DESC
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new HistoryEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : RegistryJson.Element(reader.GetString(3)),
                reader.IsDBNull(4) ? null : RegistryJson.Element(reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                new Actor(reader.IsDBNull(6) ? null : reader.GetString(6), tenant),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return entries;
    }

    private static async Task<DeploymentState?> ReadStateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenant, string name, bool forUpdate,
        CancellationToken cancellationToken)
    {
        string mode;
        double traffic;
        int[] previous;
        await using (var model = new NpgsqlCommand($"""
            SELECT deployment_mode, challenger_traffic, previous_champions FROM registered_models
            WHERE tenant = $1 AND name = $2 {(forUpdate ? "FOR UPDATE" : "")}
            """, connection, transaction))
        {
            model.Parameters.Add(new NpgsqlParameter { Value = tenant });
            model.Parameters.Add(new NpgsqlParameter { Value = name });
            await using var reader = await model.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (mode, traffic, previous) = (reader.GetString(0), reader.GetDouble(1), reader.GetFieldValue<int[]>(2));
        }

        var aliases = new Dictionary<string, int>();
        await using (var command = new NpgsqlCommand(
            "SELECT alias, version FROM model_aliases WHERE tenant = $1 AND model = $2 ORDER BY alias", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                aliases[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        return new DeploymentState(aliases, mode, traffic, previous);
    }

    private static async Task<Dictionary<int, string>> ReadStatusesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT version, status FROM model_versions WHERE tenant = $1 AND model = $2", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        var statuses = new Dictionary<int, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses[reader.GetInt32(0)] = reader.GetString(1);
        }

        return statuses;
    }

    private static async Task WriteStateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string name, DeploymentState state,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var aliases = new NpgsqlCommand(
            "DELETE FROM model_aliases WHERE tenant = $1 AND model = $2", connection, transaction))
        {
            aliases.Parameters.Add(new NpgsqlParameter { Value = tenant });
            aliases.Parameters.Add(new NpgsqlParameter { Value = name });
            await aliases.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var aliases = new NpgsqlCommand("""
            INSERT INTO model_aliases (tenant, model, alias, version)
            SELECT $1, $2, alias, version FROM unnest($3::text[], $4::integer[]) AS a (alias, version)
            """, connection, transaction))
        {
            aliases.Parameters.Add(new NpgsqlParameter { Value = tenant });
            aliases.Parameters.Add(new NpgsqlParameter { Value = name });
            aliases.Parameters.Add(new NpgsqlParameter { Value = state.Aliases.Keys.ToArray() });
            aliases.Parameters.Add(new NpgsqlParameter { Value = state.Aliases.Values.ToArray() });
            await aliases.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var model = new NpgsqlCommand("""
            UPDATE registered_models
            SET deployment_mode = $3, challenger_traffic = $4, previous_champions = $5, updated_at = $6
            WHERE tenant = $1 AND name = $2
            """, connection, transaction);
        model.Parameters.Add(new NpgsqlParameter { Value = tenant });
        model.Parameters.Add(new NpgsqlParameter { Value = name });
        model.Parameters.Add(new NpgsqlParameter { Value = state.Mode });
        model.Parameters.Add(new NpgsqlParameter { Value = state.ChallengerTraffic });
        model.Parameters.Add(new NpgsqlParameter { Value = state.PreviousChampions.ToArray() });
        model.Parameters.Add(new NpgsqlParameter { Value = now });
        await model.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Describe(PlannedChange change) => change.Action switch
    {
        DeploymentPlanner.DeploymentAction => $"traffic split changed to {change.To?.ToJsonString()}",
        DeploymentPlanner.DeleteAliasAction => $"alias '{change.Alias}' removed from version {change.From}",
        _ => $"alias '{change.Alias}' moved from version {change.From?.ToJsonString() ?? "none"} to {change.To}",
    };

    private static NpgsqlParameter Nullable(NpgsqlDbType type, string? value) =>
        new() { NpgsqlDbType = type, Value = (object?)value ?? DBNull.Value };
}