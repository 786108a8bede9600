using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>A retrain this service asked for, as it stands.</summary>
public sealed record Retrain(Guid Id, string Tenant, string Model, Guid? AlertId, Guid? ReportId, DateTimeOffset RequestedAt, string? Outcome);

/// <summary>The retrains this service asked for: the budget (cooldown, per day) is counted from them.</summary>
public sealed class RetrainStore
{
    /// <summary>When the last retrain of the model was asked for, and how many were in the last day.</summary>
    public static async Task<(DateTimeOffset? Last, int InLastDay)> RecentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT max(requested_at), count(*) FILTER (WHERE requested_at > $3 - interval '1 day')::integer
            FROM retrains WHERE tenant = $1 AND model = $2
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1));
    }

    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RetrainRequested request, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO retrains (id, tenant, model, reason, alert_id, report_id, production_since, requested_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = request.RequestId!.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Model });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Reason });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.AlertId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.ReportId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.IncludeProductionSince ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = request.RequestedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records how the retrain's job ended; returns the retrain, or null when this service did not ask for it.</summary>
    public static async Task<Retrain?> FinishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TrainingJobFinished finished, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE retrains SET job_id = $3, version = $4, outcome = $5, comparison = $6, finished_at = $7
            WHERE id = $1 AND tenant = $2
            RETURNING id, tenant, model, alert_id, report_id, requested_at, outcome
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = finished.RetrainRequestId!.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = finished.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = finished.JobId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)finished.RegisteredVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = finished.Status });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = finished.Comparison is null ? DBNull.Value : JsonSerializer.Serialize(finished.Comparison, MonitoringJson.Options),
        });
        command.Parameters.Add(new NpgsqlParameter { Value = finished.FinishedAt });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Retrain(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6))
            : null;
    }
}