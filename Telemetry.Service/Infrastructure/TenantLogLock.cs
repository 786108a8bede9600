using Npgsql;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Orders the writes to a tenant's log: blocks and ground truth are stored one transaction at a time per tenant, so
/// each sees what the one before committed. A prediction id is then stored once however its blocks overlap, and a
/// label is joined to its prediction whichever arrives first.
/// </summary>
public static class TenantLogLock
{
    private const long Space = 0x4D4C6F67; // "MLog"

    public static async Task TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtextextended($1, {Space}))", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}