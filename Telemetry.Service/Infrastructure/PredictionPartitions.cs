using System.Collections.Concurrent;
using System.Globalization;

using Npgsql;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Creates the prediction log's day partitions on demand, before a batch is written. A day is created as a plain
/// table and then attached: attaching locks the log only against other schema changes, so reads, long exports and
/// writes carry on. An advisory lock lets concurrent writers and replicas create each day once.
/// </summary>
public sealed class PredictionPartitions(NpgsqlDataSource dataSource)
{
    private const long LockKey = 0x4D4C4F707350; // "MLOpsP"
    private readonly ConcurrentDictionary<DateOnly, bool> _existing = new();

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>Makes sure a partition exists for the UTC day of each of <paramref name="servedAt"/>.</summary>
    public async Task EnsureAsync(IEnumerable<DateTimeOffset> servedAt, CancellationToken cancellationToken)
    {
        var missing = servedAt.Select(DayOf).Distinct().Where(day => !_existing.ContainsKey(day)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // Its own short transaction: the ingest transaction that follows must not hold these locks.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        foreach (var day in missing)
        {
            var table = $"predictions_{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
            await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction);
            exists.Parameters.Add(new NpgsqlParameter { Value = table });
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, $"CREATE TABLE {table} (LIKE predictions INCLUDING ALL)", cancellationToken);
            await ExecuteAsync(connection, transaction, $"""
                ALTER TABLE predictions ATTACH PARTITION {table}
                FOR VALUES FROM ('{Midnight(day)}') TO ('{Midnight(day.AddDays(1))}')
                """, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var day in missing)
        {
            _existing[day] = true;
        }
    }

    private static string Midnight(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00";

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}