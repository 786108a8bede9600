using Npgsql;

using NpgsqlTypes;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>One step of the loop and the ids that link it to what caused it.</summary>
public sealed record AuditEntry(
    long Id,
    string Model,
    string Action,
    Guid? AlertId,
    Guid? ReportId,
    Guid? RetrainId,
    Guid? JobId,
    int? Version,
    string Detail,
    DateTimeOffset At);

/// <summary>The loop's decisions, written in the transaction of the change they record.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string model, string action, string detail,
        Guid? alertId = null, Guid? reportId = null, Guid? retrainId = null, Guid? jobId = null, int? version = null,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO audit_entries (tenant, model, action, alert_id, report_id, retrain_id, job_id, version, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)alertId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)reportId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)retrainId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)jobId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)version ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = detail });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, model, action, alert_id, report_id, retrain_id, job_id, version, detail, at FROM audit_entries
            WHERE tenant = $1 AND model = $2 ORDER BY id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetGuid(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return entries;
    }
}