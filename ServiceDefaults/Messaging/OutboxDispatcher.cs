using System.Text.Json;

using MassTransit;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Npgsql;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>
/// Relays outbox rows to the broker in creation order. Each row is published with its outbox id as
/// the message id (so consumers can drop duplicates) and marked dispatched in the same transaction
/// that locked it; a failed publish is retried later with exponential back-off, never dropped.
/// Rows are locked with SKIP LOCKED so several replicas can relay side by side.
/// </summary>
internal sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource, IBus bus, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);
    private readonly OutboxOptions _options = options.Value;
    private DateTime _nextCleanup = DateTime.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var relayed = 0;
            try
            {
                relayed = await RelayBatchAsync(stoppingToken);
                await CleanupAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Outbox relay failed; retrying");
            }

            if (relayed < _options.BatchSize)
            {
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = await LockPendingAsync(connection, transaction, cancellationToken);

        var relayed = 0;
        foreach (var message in pending)
        {
            var error = await PublishAsync(message, cancellationToken);
            if (error is null)
            {
                await MarkDispatchedAsync(connection, transaction, message.Id, cancellationToken);
                relayed++;
                continue;
            }

            await MarkFailedAsync(connection, transaction, message, error, cancellationToken);
            // The broker is most likely down: leave the rest for the next round instead of timing out on each.
            break;
        }

        await transaction.CommitAsync(cancellationToken);
        return relayed;
    }

    private async Task<string?> PublishAsync(PendingMessage message, CancellationToken cancellationToken)
    {
        var type = Type.GetType(message.Type);
        if (type is null)
        {
            return $"Unknown message type '{message.Type}'.";
        }

        try
        {
            var body = JsonSerializer.Deserialize(message.Payload, type, MessageJson.Options)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PublishTimeout);
            await bus.Publish(body, type, context => context.MessageId = message.Id, timeout.Token);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    private async Task<List<PendingMessage>> LockPendingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT id, message_type, payload::text, attempts FROM outbox_messages
            WHERE dispatched_at IS NULL AND next_attempt_at <= now()
            ORDER BY created_at, id
            LIMIT $1
            FOR UPDATE SKIP LOCKED
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = _options.BatchSize });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<PendingMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingMessage(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return pending;
    }

    private static async Task MarkDispatchedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE outbox_messages SET dispatched_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task MarkFailedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PendingMessage message, string error,
        CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, message.Attempts), 30_000));
        logger.LogWarning("Outbox message {Id} not relayed (attempt {Attempt}): {Error}; next try in {Backoff}",
            message.Id, message.Attempts + 1, error, backoff);
        await using var command = new NpgsqlCommand("""
            UPDATE outbox_messages
            SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3
            WHERE id = $1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = message.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = error });
        command.Parameters.Add(new NpgsqlParameter { Value = backoff });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow < _nextCleanup)
        {
            return;
        }

        _nextCleanup = DateTime.UtcNow + CleanupInterval;
        await using var command = dataSource.CreateCommand(
            "DELETE FROM outbox_messages WHERE dispatched_at < now() - $1");
        command.Parameters.Add(new NpgsqlParameter { Value = _options.Retention });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record PendingMessage(Guid Id, string Type, string Payload, int Attempts);
}