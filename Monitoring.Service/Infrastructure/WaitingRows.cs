using System.Text.Json;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Profiles;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>
/// Logged rows kept until their version's reference can be fetched, and the background pass that counts them then.
/// A batch is counted and deleted in one transaction, locked so that replicas do not count it twice.
/// </summary>
public sealed class WaitingRows(
    NpgsqlDataSource dataSource, ReferenceStore references, IOptions<MonitoringOptions> options, ILogger<WaitingRows> logger) : BackgroundService
{
    public static async Task AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string model, int version, IReadOnlyList<LoggedPrediction> rows,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("INSERT INTO waiting_rows (tenant, model, version, rows) VALUES ($1, $2, $3, $4)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(rows, MonitoringJson.Options) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WaitingRowsRetryInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await CountOneAsync(stoppingToken))
                {
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or HttpRequestException)
            {
                logger.LogWarning(ex, "Waiting logged rows could not be counted yet");
            }
        }
    }

    /// <summary>Counts the oldest waiting batch; false when there is none.</summary>
    private async Task<bool> CountOneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        string tenant, model;
        int version;
        List<LoggedPrediction> rows;
        await using (var next = new NpgsqlCommand(
            "SELECT id, tenant, model, version, rows FROM waiting_rows ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", connection, transaction))
        await using (var reader = await next.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            (id, tenant, model, version) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
            rows = JsonSerializer.Deserialize<List<LoggedPrediction>>(reader.GetString(4), MonitoringJson.Options)!;
        }

        var reference = await references.GetAsync(tenant, model, version, cancellationToken);
        if (reference is not null)
        {
            var counts = new Dictionary<BinKey, long>();
            RowBinner.Count(counts, reference, rows, options.Value.BucketOf);
            await CountStore.AddAsync(connection, transaction, counts, cancellationToken);
        }
        else
        {
            logger.LogWarning("{Rows} logged rows of {Model} version {Version} are not counted: the registry has no such version", rows.Count, model, version);
        }

        await using (var delete = new NpgsqlCommand("DELETE FROM waiting_rows WHERE id = $1", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = id });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}