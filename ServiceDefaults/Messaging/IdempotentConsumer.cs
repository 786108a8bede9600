using MassTransit;

using Npgsql;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>
/// A consumer that handles each message id once: the id is recorded in <c>inbox_messages</c> in the
/// same transaction as the work, so a redelivered or duplicated message changes nothing. An exception
/// rolls both back and lets MassTransit retry and finally move the message to the error queue.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(NpgsqlDataSource dataSource) : IConsumer<TMessage>
    where TMessage : class
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a message id.");

        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        await using (var claim = new NpgsqlCommand(
            "INSERT INTO inbox_messages (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = messageId });
            claim.Parameters.Add(new NpgsqlParameter { Value = GetType().FullName! });
            if (await claim.ExecuteNonQueryAsync(context.CancellationToken) == 0)
            {
                return;
            }
        }

        await HandleAsync(context, connection, transaction);
        await transaction.CommitAsync(context.CancellationToken);
    }

    /// <summary>Does the message's work on <paramref name="connection"/> inside <paramref name="transaction"/>.</summary>
    protected abstract Task HandleAsync(
        ConsumeContext<TMessage> context, NpgsqlConnection connection, NpgsqlTransaction transaction);
}