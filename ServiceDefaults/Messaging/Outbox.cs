using System.Text.Json;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>
/// Writes an integration event into the service's outbox table inside the caller's transaction:
/// the event exists exactly when the change it announces was committed, and the dispatcher relays it.
/// </summary>
public static class Outbox
{
    public static async Task<Guid> EnqueueAsync<TEvent>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TEvent message, CancellationToken cancellationToken)
        where TEvent : class
    {
        var id = Guid.CreateVersion7();
        await using var command = new NpgsqlCommand(
            "INSERT INTO outbox_messages (id, message_type, payload) VALUES ($1, $2, $3)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = TypeName(typeof(TEvent)) });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = JsonSerializer.Serialize(message, MessageJson.Options),
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>Enqueues several messages of one type in one statement.</summary>
    public static async Task EnqueueAllAsync<TEvent>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<TEvent> messages, CancellationToken cancellationToken)
        where TEvent : class
    {
        if (messages.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO outbox_messages (id, message_type, payload)
            SELECT id, $2, payload FROM unnest($1::uuid[], $3::jsonb[]) AS m (id, payload)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = messages.Select(_ => Guid.CreateVersion7()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = TypeName(typeof(TEvent)) });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            Value = messages.Select(message => JsonSerializer.Serialize(message, MessageJson.Options)).ToArray(),
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}