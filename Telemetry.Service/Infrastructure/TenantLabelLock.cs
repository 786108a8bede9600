using Npgsql;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Orders a tenant's ground truth against its blocks: storing blocks holds the lock shared, recording ground truth
/// holds it alone. Whichever comes second then sees what the first committed, so a label is joined to its prediction
/// in either order, and blocks are still stored side by side.
/// </summary>
public static class TenantLabelLock
{
    private const long Space = 0x4D4C6162; // "MLab"

    public static Task SharedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, CancellationToken cancellationToken) =>
        TakeAsync("pg_advisory_xact_lock_shared", connection, transaction, tenant, cancellationToken);

    public static Task ExclusiveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, CancellationToken cancellationToken) =>
        TakeAsync("pg_advisory_xact_lock", connection, transaction, tenant, cancellationToken);

    private static async Task TakeAsync(
        string function, NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(hashtextextended($1, {Space}))", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}