using Npgsql;

namespace MlOps.Monitoring.Service.Checks;

/// <summary>
/// One decision about a model at a time: a manual check beside a scheduled one, an operator's retrain, or either on two
/// replicas. Each sees the alerts and retrains the one before it committed.
/// </summary>
internal static class ModelLock
{
    /// <summary>Holds the model's lock until <paramref name="transaction"/> ends.</summary>
    public static async Task TakeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string model, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = $"monitoring-check/{tenant}/{model}" });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}