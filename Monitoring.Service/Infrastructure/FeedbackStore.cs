using Npgsql;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>Reads the joined labels <c>FeedbackRecordedConsumer</c> keeps.</summary>
public sealed class FeedbackStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Labels of a version received in [from, to): how many, how many right, and the summed squared error. By arrival,
    /// not by when the prediction was served, because ground truth comes late: a window by serving time would hold
    /// few labels until long after it.
    /// </summary>
    public async Task<(long Labelled, long Correct, double SquaredErrors)> WindowAsync(
        string tenant, string model, int version, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*), count(*) FILTER (WHERE correct), coalesce(sum(squared_error), 0) FROM feedback
            WHERE tenant = $1 AND model = $2 AND version = $3 AND received_at >= $4 AND received_at < $5
              AND (correct IS NOT NULL OR squared_error IS NOT NULL)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2));
    }

    /// <summary>Labels of any version of the model served since <paramref name="since"/>.</summary>
    public async Task<long> LabelledSinceAsync(string tenant, string model, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM feedback WHERE tenant = $1 AND model = $2 AND served_at >= $3");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = since });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}