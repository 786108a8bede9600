using System.Text.Json;

using MlOps.ServiceDefaults.Database;
using MlOps.Training.Service.Tracking;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Training.Service.Infrastructure;

public enum ExperimentRestore
{
    Restored,
    NotFound,
    /// <summary>A live experiment already has the name.</summary>
    NameTaken,
}

/// <summary>
/// Experiments and runs in PostgreSQL, per tenant, with MLflow's semantics: write-once params, metric
/// history with each metric's latest point kept alongside, mutable tags, soft deletion.
/// </summary>
public sealed class TrackingStore(NpgsqlDataSource dataSource)
{
    private const string SelectExperiment =
        "SELECT id, name, lifecycle_stage, created_at, deleted_at, tags::text FROM experiments";

    /// <summary>Creates an experiment; null when a live experiment of the tenant already has the name.</summary>
    public async Task<Experiment?> CreateExperimentAsync(
        string tenant, string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        var errors = TrackingValidation.Errors();
        TrackingValidation.CheckName(name, "name", errors);
        TrackingValidation.CheckTags(tags?.ToDictionary(t => t.Key, t => (string?)t.Value), "tags", errors);
        ThrowIfInvalid(errors);

        var experiment = new Experiment(
            Guid.CreateVersion7(), name, LifecycleStage.Active, StoredTime.Now(), null,
            tags ?? new Dictionary<string, string>());
        await using var command = dataSource.CreateCommand("""
            INSERT INTO experiments (id, tenant, name, tags, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant, name) WHERE lifecycle_stage = 'active' DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = experiment.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(experiment.Tags) });
        command.Parameters.Add(new NpgsqlParameter { Value = experiment.CreatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? experiment : null;
    }

    /// <summary>The tenant's live experiment with this name, created (without tags) when there is none.</summary>
    public async Task<Experiment> GetOrCreateExperimentAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        // Another caller may create or delete it between the two steps: go round until one of them wins.
        while (true)
        {
            if (await CreateExperimentAsync(tenant, name, null, cancellationToken) is { } created)
            {
                return created;
            }

            if (await GetExperimentAsync(tenant, name, cancellationToken) is { LifecycleStage: LifecycleStage.Active } existing)
            {
                return existing;
            }
        }
    }

    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(
        string tenant, ViewType viewType, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectExperiment + """
             WHERE tenant = $1 AND ($2::text IS NULL OR lifecycle_stage = $2) ORDER BY created_at, id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = Stage(viewType) ?? (object)DBNull.Value });
        return await ReadExperimentsAsync(command, cancellationToken);
    }

    /// <summary>The live experiment with this name or, when there is none, the one deleted last.</summary>
    public async Task<Experiment?> GetExperimentAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectExperiment + """
             WHERE tenant = $1 AND name = $2 ORDER BY lifecycle_stage = 'active' DESC, deleted_at DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return (await ReadExperimentsAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Soft-deletes the live experiment and its live runs; false when there is no such experiment.</summary>
    public async Task<bool> DeleteExperimentAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH deleted AS (
                UPDATE experiments SET lifecycle_stage = 'deleted', deleted_at = $3
                WHERE tenant = $1 AND name = $2 AND lifecycle_stage = 'active'
                RETURNING id),
            deleted_runs AS (
                UPDATE runs SET lifecycle_stage = 'deleted', deleted_at = $3
                FROM deleted WHERE runs.tenant = $1 AND runs.experiment_id = deleted.id AND runs.lifecycle_stage = 'active'
                RETURNING 1)
            SELECT count(*) FROM deleted
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = StoredTime.Now() });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    /// <summary>Restores the experiment of this name deleted last, with the runs that were deleted with it.</summary>
    public async Task<ExperimentRestore> RestoreExperimentAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH target AS (
                SELECT id, deleted_at FROM experiments
                WHERE tenant = $1 AND name = $2 AND lifecycle_stage = 'deleted'
                ORDER BY deleted_at DESC LIMIT 1 FOR UPDATE),
            restored AS (
                UPDATE experiments e SET lifecycle_stage = 'active', deleted_at = NULL
                FROM target WHERE e.id = target.id
                RETURNING e.id, target.deleted_at),
            restored_runs AS (
                UPDATE runs SET lifecycle_stage = 'active', deleted_at = NULL
                FROM restored WHERE runs.tenant = $1 AND runs.experiment_id = restored.id AND runs.deleted_at = restored.deleted_at
                RETURNING 1)
            SELECT count(*) FROM restored
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1 ? ExperimentRestore.Restored : ExperimentRestore.NotFound;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return ExperimentRestore.NameTaken;
        }
    }

    /// <summary>Starts a run in the tenant's live experiment of this name; null when there is no such experiment.</summary>
    public async Task<Run?> CreateRunAsync(
        string tenant, string experiment, string? name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        var errors = TrackingValidation.Errors();
        TrackingValidation.CheckName(name, "name", errors, required: false);
        TrackingValidation.CheckTags(tags?.ToDictionary(t => t.Key, t => (string?)t.Value), "tags", errors);
        ThrowIfInvalid(errors);

        var id = Guid.CreateVersion7();
        var run = new Run(
            id, experiment, name ?? $"run-{id.ToString("N")[^8..]}", RunStatus.Running, StoredTime.Now(), null,
            LifecycleStage.Active, new Dictionary<string, string>(), new Dictionary<string, double>(),
            tags ?? new Dictionary<string, string>());

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            INSERT INTO runs (id, tenant, experiment_id, name, status, start_time)
            SELECT $1, $2, e.id, $4, 'running', $5 FROM experiments e
            WHERE e.tenant = $2 AND e.name = $3 AND e.lifecycle_stage = 'active'
            FOR SHARE
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = run.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = experiment });
            command.Parameters.Add(new NpgsqlParameter { Value = run.Name });
            command.Parameters.Add(new NpgsqlParameter { Value = run.StartTime });
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        await UpsertTagsAsync(connection, transaction, tenant, id, run.Tags, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    public async Task<Run?> GetRunAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RunSearchSql.SelectRun + "\nWHERE r.tenant = $1 AND r.id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadRunsAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Sets the status; a terminal status ends the run at <paramref name="endTime"/> (now when absent),
    /// and <c>running</c> clears the end.
    /// </summary>
    public async Task<RunWriteResult> SetRunStatusAsync(
        string tenant, Guid id, string status, DateTimeOffset? endTime, CancellationToken cancellationToken)
    {
        if (!RunStatus.TryParse(status, out status))
        {
            return new RunWriteResult(RunWriteOutcome.Invalid, "status", RunStatus.Rule);
        }

        if (!RunStatus.IsTerminal(status) && endTime is not null)
        {
            return new RunWriteResult(RunWriteOutcome.Invalid, "endTime", "A running run has no end time.");
        }

        DateTimeOffset? end = RunStatus.IsTerminal(status) ? StoredTime.Truncate(endTime ?? StoredTime.Now()) : null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (locked, startTime) = await LockRunAsync(connection, transaction, tenant, id, "FOR UPDATE", cancellationToken);
        if (locked != RunWriteResult.Done)
        {
            return locked;
        }

        if (end < startTime)
        {
            return new RunWriteResult(RunWriteOutcome.Invalid, "endTime", $"The end time is before the run's start ({startTime:O}).");
        }

        await using (var command = new NpgsqlCommand(
            "UPDATE runs SET status = $3, end_time = $4 WHERE tenant = $1 AND id = $2", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            command.Parameters.Add(new NpgsqlParameter { Value = status });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = end ?? (object)DBNull.Value });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return RunWriteResult.Done;
    }

    /// <summary>Stores params, metric points and tags in one transaction: all of them, or none when any is refused.</summary>
    public async Task<RunWriteResult> LogBatchAsync(string tenant, Guid id, LogBatch batch, CancellationToken cancellationToken)
    {
        if (TrackingValidation.Check(batch).FirstOrDefault() is { Key: not null } error)
        {
            return new RunWriteResult(RunWriteOutcome.Invalid, error.Key, error.Value[0]);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (locked, _) = await LockRunAsync(connection, transaction, tenant, id, "FOR SHARE", cancellationToken);
        if (locked != RunWriteResult.Done)
        {
            return locked;
        }

        if (batch.Params is { Count: > 0 } parameters
            && await InsertParamsAsync(connection, transaction, tenant, id, parameters, cancellationToken) is { } conflict)
        {
            await transaction.RollbackAsync(cancellationToken);
            return conflict;
        }

        if (batch.Metrics is { Count: > 0 } metrics)
        {
            await InsertMetricsAsync(connection, transaction, tenant, id, metrics, cancellationToken);
        }

        if (batch.Tags is { Count: > 0 } tags)
        {
            // The last value of a key repeated in one batch wins, as if the tags were set one after another.
            var last = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                last[tag.Key!] = tag.Value!;
            }

            await UpsertTagsAsync(connection, transaction, tenant, id, last, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return RunWriteResult.Done;
    }

    public Task<RunWriteResult> SetTagAsync(string tenant, Guid id, string key, string value, CancellationToken cancellationToken) =>
        LogBatchAsync(tenant, id, new LogBatch(Tags: [new KeyValue(key, value)]), cancellationToken);

    /// <summary>Removes a tag; <see cref="RunWriteOutcome.NotFound"/> when the run or the tag does not exist.</summary>
    public async Task<RunWriteResult> DeleteTagAsync(string tenant, Guid id, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (locked, _) = await LockRunAsync(connection, transaction, tenant, id, "FOR SHARE", cancellationToken);
        if (locked != RunWriteResult.Done)
        {
            return locked;
        }

        await using var command = new NpgsqlCommand(
            "DELETE FROM run_tags WHERE tenant = $1 AND run_id = $2 AND key = $3", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted == 1 ? RunWriteResult.Done : RunWriteResult.NotFound;
    }

    /// <summary>Every point of a metric in step, then timestamp order; null when the run does not exist.</summary>
    public async Task<IReadOnlyList<MetricPoint>?> GetMetricHistoryAsync(
        string tenant, Guid id, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT m.value, m.step, m.timestamp FROM runs r
            LEFT JOIN metrics m ON m.tenant = r.tenant AND m.run_id = r.id AND m.key = $3
            WHERE r.tenant = $1 AND r.id = $2
            ORDER BY m.step, m.timestamp, m.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var points = new List<MetricPoint>();
        do
        {
            if (!reader.IsDBNull(0))
            {
                points.Add(new MetricPoint(reader.GetDouble(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }
        while (await reader.ReadAsync(cancellationToken));
        return points;
    }

    /// <summary>Soft-deletes a run; deleting a deleted run changes nothing.</summary>
    public async Task<RunWriteResult> DeleteRunAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE runs SET lifecycle_stage = 'deleted', deleted_at = coalesce(deleted_at, $3)
            WHERE tenant = $1 AND id = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = StoredTime.Now() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? RunWriteResult.Done : RunWriteResult.NotFound;
    }

    /// <summary>Restores a run; <see cref="RunWriteOutcome.NotActive"/> while its experiment is deleted.</summary>
    public async Task<RunWriteResult> RestoreRunAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH target AS (
                SELECT r.id, e.lifecycle_stage AS experiment_stage FROM runs r
                JOIN experiments e ON e.id = r.experiment_id
                WHERE r.tenant = $1 AND r.id = $2
                FOR UPDATE OF r FOR SHARE OF e),
            restored AS (
                UPDATE runs SET lifecycle_stage = 'active', deleted_at = NULL
                FROM target WHERE runs.id = target.id AND target.experiment_stage = 'active'
                RETURNING 1)
            SELECT (SELECT experiment_stage FROM target), (SELECT count(*) FROM restored)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? RunWriteResult.NotFound
            : reader.GetInt64(1) == 1 ? RunWriteResult.Done
            : RunWriteResult.NotActive;
    }

    public async Task<bool> ExperimentExistsAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM experiments WHERE tenant = $1 AND name = $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<RunPage> SearchRunsAsync(string tenant, RunSearch search, CancellationToken cancellationToken)
    {
        // One run more than asked for says whether another page exists.
        var query = RunSearchSql.Compile(tenant, search with { Limit = search.Limit + 1 });
        await using var command = dataSource.CreateCommand(query.Text);
        foreach (var value in query.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var runs = await ReadRunsAsync(command, cancellationToken);
        return runs.Count > search.Limit
            ? new RunPage(runs.Take(search.Limit).ToList(), PageToken.Encode(search.Offset + search.Limit))
            : new RunPage(runs, null);
    }

    private static async Task<(RunWriteResult Result, DateTimeOffset StartTime)> LockRunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, Guid id, string lockMode,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT lifecycle_stage, start_time FROM runs WHERE tenant = $1 AND id = $2 {lockMode}", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (RunWriteResult.NotFound, default);
        }

        return (reader.GetString(0) == LifecycleStage.Active ? RunWriteResult.Done : RunWriteResult.NotActive,
            reader.GetFieldValue<DateTimeOffset>(1));
    }

    // Params are write-once: a key already stored keeps its value, and a different value refuses the batch.
    private static async Task<RunWriteResult?> InsertParamsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, Guid id, IReadOnlyList<KeyValue> parameters,
        CancellationToken cancellationToken)
    {
        var keys = parameters.Select(p => p.Key!).ToArray();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO params (tenant, run_id, key, value)
            SELECT $1, $2, key, value FROM unnest($3::text[], $4::text[]) AS t(key, value)
            ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = tenant });
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = keys });
            insert.Parameters.Add(new NpgsqlParameter { Value = parameters.Select(p => p.Value!).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand(
            "SELECT key, value FROM params WHERE tenant = $1 AND run_id = $2 AND key = ANY($3)", connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = tenant });
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            select.Parameters.Add(new NpgsqlParameter { Value = keys });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetString(0)] = reader.GetString(1);
            }
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (stored[parameters[i].Key!] != parameters[i].Value)
            {
                return new RunWriteResult(RunWriteOutcome.Invalid, $"params[{i}].value",
                    $"Param '{parameters[i].Key}' was already logged with a different value; params are write-once.");
            }
        }

        return null;
    }

    private static async Task InsertMetricsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, Guid id, IReadOnlyList<MetricInput> metrics,
        CancellationToken cancellationToken)
    {
        var now = StoredTime.Now();
        await using var command = new NpgsqlCommand("""
            WITH points AS (
                SELECT * FROM unnest($3::text[], $4::float8[], $5::bigint[], $6::timestamptz[]) WITH ORDINALITY AS t(key, value, step, timestamp, n)),
            history AS (
                INSERT INTO metrics (tenant, run_id, key, value, step, timestamp)
                SELECT $1, $2, key, value, step, timestamp FROM points ORDER BY n)
            INSERT INTO latest_metrics AS l (tenant, run_id, key, value, step, timestamp)
            SELECT DISTINCT ON (key) $1, $2, key, value, step, timestamp FROM points
            ORDER BY key, step DESC, timestamp DESC, n DESC
            ON CONFLICT (tenant, run_id, key) DO UPDATE
                SET value = excluded.value, step = excluded.step, timestamp = excluded.timestamp
                WHERE (excluded.step, excluded.timestamp) >= (l.step, l.timestamp)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = metrics.Select(m => m.Key!).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = metrics.Select(m => m.Value!.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = metrics.Select(m => m.Step ?? 0).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = metrics.Select(m => m.Timestamp is { } t ? StoredTime.Truncate(t) : now).ToArray(),
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task UpsertTagsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, Guid id,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        if (tags.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO run_tags (tenant, run_id, key, value)
            SELECT $1, $2, key, value FROM unnest($3::text[], $4::text[]) AS t(key, value)
            ON CONFLICT (tenant, run_id, key) DO UPDATE SET value = excluded.value
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = tags.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = tags.Values.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<Run>> ReadRunsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<Run>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new Run(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetString(6),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7))!,
                JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(8))!,
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(9))!));
        }

        return runs;
    }

    private static async Task<List<Experiment>> ReadExperimentsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var experiments = new List<Experiment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            experiments.Add(new Experiment(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5))!));
        }

        return experiments;
    }

    private static string? Stage(ViewType viewType) => viewType switch
    {
        ViewType.Active => LifecycleStage.Active,
        ViewType.Deleted => LifecycleStage.Deleted,
        _ => null,
    };

    private static void ThrowIfInvalid(Dictionary<string, string[]> errors)
    {
        if (errors.FirstOrDefault() is { Key: not null } error)
        {
            throw new ArgumentException($"{error.Key}: {error.Value[0]}");
        }
    }
}