using System.Data;
using System.Runtime.CompilerServices;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// A model's labelled production data: the predictions that answered a request (not shadow) and have ground truth.
/// Their features are found first and the rows streamed after, in one snapshot so both agree.
/// </summary>
public sealed class LabelledExport(NpgsqlDataSource dataSource)
{
    private const string Labelled = """
        FROM predictions
        WHERE tenant = $1 AND model = $2 AND route <> 'shadow' AND actual IS NOT NULL
          AND ($3::timestamptz IS NULL OR served_at >= $3)
        """;

    /// <summary>Opens the rows served since <paramref name="since"/> (all when null); the caller disposes them.</summary>
    public async Task<LabelledRows> OpenAsync(string tenant, string model, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var features = new List<string>();
            await using (var command = Command($"SELECT DISTINCT jsonb_object_keys(inputs) {Labelled}", transaction, tenant, model, since))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    features.Add(reader.GetString(0));
                }
            }

            features.Sort(StringComparer.Ordinal);
            return new LabelledRows(connection, transaction, features, Command(
                $"SELECT inputs::text, actual {Labelled} ORDER BY served_at, prediction_id", transaction, tenant, model, since));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static NpgsqlCommand Command(
        string sql, NpgsqlTransaction transaction, string tenant, string model, DateTimeOffset? since) =>
        new(sql, transaction.Connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = tenant },
                new NpgsqlParameter { Value = model },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)since ?? DBNull.Value },
            },
        };
}

/// <summary>Labelled rows ready to stream, holding their connection and snapshot until disposed.</summary>
public sealed class LabelledRows(
    NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> features, NpgsqlCommand rows)
    : IAsyncDisposable
{
    /// <summary>The union of the rows' feature names, in ordinal order.</summary>
    public IReadOnlyList<string> Features => features;

    /// <summary>Each row's inputs (a JSON object's text) and its ground truth, oldest first.</summary>
    public async IAsyncEnumerable<(string Inputs, string Actual)> ReadAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await rows.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), reader.GetString(1));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await rows.DisposeAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}