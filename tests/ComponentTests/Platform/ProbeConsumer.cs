using MassTransit;

using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.ComponentTests.Platform;

/// <summary>Records each probe it handles in the database, in the consumer's transaction.</summary>
public sealed class ProbeConsumer(NpgsqlDataSource dataSource) : IdempotentConsumer<ProbeMessage>(dataSource)
{
    protected override async Task HandleAsync(
        ConsumeContext<ProbeMessage> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO probe_received (probe_id, text) VALUES ($1, $2)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = context.Message.ProbeId });
        command.Parameters.Add(new NpgsqlParameter { Value = context.Message.Text });
        await command.ExecuteNonQueryAsync(context.CancellationToken);
    }
}