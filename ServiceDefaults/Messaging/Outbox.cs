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

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}