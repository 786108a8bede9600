using MassTransit;

using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.ComponentTests.Platform;

/// <summary>
/// Records each probe it handles in the database, in the consumer's transaction; a probe whose text is
/// <see cref="Poison"/> fails every time, after its row is written, so the rollback can be checked.
/// </summary>
public sealed class ProbeConsumer(NpgsqlDataSource dataSource) : IdempotentConsumer<ProbeMessage>(dataSource)
{
    public const string Poison = "poison";

    /// <summary>The queue MassTransit names after this consumer; failed messages end in <c>probe_error</c>.</summary>
    public const string Queue = "probe";

    protected override async Task HandleAsync(
        ConsumeContext<ProbeMessage> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO probe_received (probe_id, text) VALUES ($1, $2)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = context.Message.ProbeId });
        command.Parameters.Add(new NpgsqlParameter { Value = context.Message.Text });
        await command.ExecuteNonQueryAsync(context.CancellationToken);
        if (context.Message.Text == Poison)
        {
            throw new InvalidOperationException("A poison probe always fails.");
        }
    }
}