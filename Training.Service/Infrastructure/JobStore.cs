using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Training.Service.Jobs;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Training.Service.Infrastructure;

/// <summary>Training jobs in PostgreSQL: the queue the workers claim from, their progress and their results.</summary>
public sealed class JobStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        id, model, status, spec::text, trials_done, trials_planned, best::text, result::text,
        created_at, started_at, finished_at, tenant, created_by
        """;

    public async Task<TrainingJob> CreateAsync(string tenant, string? createdBy, TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CreateAsync(connection, null, tenant, createdBy, spec, cancellationToken);
    }

    /// <summary>Queues a job on the caller's connection, inside its transaction when it has one.</summary>
    public static async Task<TrainingJob> CreateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenant, string? createdBy, TrainingJobSpec spec,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO training_jobs (id, tenant, model, status, spec, created_by)
            VALUES ($1, $2, $3, '{JobStatus.Queued}', $4, $5)
            RETURNING {Columns}
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = spec.Model });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(spec, Json) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)createdBy ?? DBNull.Value });
        return (await ReadAsync(command, cancellationToken)).Single();
    }

    /// <summary>Records that a retrain request is being handled, in the caller's transaction; false when it already was.</summary>
    public static async Task<bool> ClaimRetrainRequestAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid requestId, string tenant, string model, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO retrain_requests (request_id, tenant, model) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<TrainingJob?> GetAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM training_jobs WHERE tenant = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<TrainingJob>> ListAsync(string tenant, string? model, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM training_jobs
            WHERE tenant = $1 AND ($2::text IS NULL OR model = $2)
            ORDER BY created_at DESC LIMIT 200
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)model ?? DBNull.Value });
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// A queued job is cancelled at once; a running one is flagged and its worker stops at the next trial.
    /// Returns the job as it is now, or null when there is no such job.
    /// </summary>
    public async Task<TrainingJob?> RequestCancelAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE training_jobs SET
                status = CASE WHEN status = '{JobStatus.Queued}' THEN '{JobStatus.Cancelled}' ELSE status END,
                finished_at = CASE WHEN status = '{JobStatus.Queued}' THEN now() ELSE finished_at END,
                cancel_requested = cancel_requested OR status = '{JobStatus.Running}'
            WHERE tenant = $1 AND id = $2
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Takes the oldest queued job for this worker, or null when none waits.</summary>
    public async Task<TrainingJob?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE training_jobs SET status = '{JobStatus.Running}', started_at = now(), heartbeat_at = now(), attempts = attempts + 1
            WHERE id = (SELECT id FROM training_jobs WHERE status = '{JobStatus.Queued}' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Records progress and beats the job's heart; true when a cancel was requested meanwhile.</summary>
    public async Task<bool> ReportProgressAsync(Guid id, int trialsDone, int trialsPlanned, BestTrial? best, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE training_jobs SET trials_done = $2, trials_planned = $3, best = COALESCE($4, best), heartbeat_at = now()
            WHERE id = $1
            RETURNING cancel_requested
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = trialsDone });
        command.Parameters.Add(new NpgsqlParameter { Value = trialsPlanned });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = best is null ? DBNull.Value : JsonSerializer.Serialize(best, Json),
        });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Beats a running job's heart; true when a cancel was requested.</summary>
    public async Task<bool> BeatAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE training_jobs SET heartbeat_at = now() WHERE id = $1 RETURNING cancel_requested");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Ends a job and publishes <see cref="TrainingJobFinished"/> through the outbox in the same transaction.</summary>
    public async Task FinishAsync(TrainingJob job, string status, JobResult result, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            UPDATE training_jobs SET status = $2, result = $3, finished_at = now(), heartbeat_at = NULL WHERE id = $1
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = job.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = status });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(result, Json) });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await Outbox.EnqueueAsync(connection, transaction, new TrainingJobFinished(
            job.Id, job.Model, status, result.RegisteredVersion, result.Reasons, DateTimeOffset.UtcNow, job.Tenant,
            job.Spec.Retrain?.RequestId, result.Comparison), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Queues again the running jobs whose worker has not beaten for <paramref name="silence"/> (a worker that died),
    /// and fails those that already had <paramref name="maxAttempts"/>. Returns how many it touched.
    /// </summary>
    public async Task<int> RecoverAbandonedAsync(TimeSpan silence, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE training_jobs SET
                status = CASE WHEN attempts >= $2 THEN '{JobStatus.Failed}' ELSE '{JobStatus.Queued}' END,
                finished_at = CASE WHEN attempts >= $2 THEN now() ELSE NULL END,
                result = CASE WHEN attempts >= $2
                    THEN jsonb_build_object('reasons', jsonb_build_array('The job was interrupted ' || attempts || ' times and was given up.'))
                    ELSE result END,
                heartbeat_at = NULL
            WHERE status = '{JobStatus.Running}' AND heartbeat_at < now() - $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = silence });
        command.Parameters.Add(new NpgsqlParameter { Value = maxAttempts });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<TrainingJob>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<TrainingJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new TrainingJob(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                JsonSerializer.Deserialize<TrainingJobSpec>(reader.GetString(3), Json)!,
                new JobProgress(
                    reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : JsonSerializer.Deserialize<BestTrial>(reader.GetString(6), Json)),
                reader.IsDBNull(7) ? null : JsonSerializer.Deserialize<JobResult>(reader.GetString(7), Json),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }

        return jobs;
    }
}