using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;

using Npgsql;

using NpgsqlTypes;

using Parquet;
using Parquet.Schema;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Writes a model's predictions served in a window as one Parquet file, one row group per stored block, with its
/// ground truth in an <c>actual</c> column: what pandas, DuckDB or Spark read as a table. Blocks whose feature sets
/// differ share one schema, a feature a block lacks being null. The blocks are read twice in one snapshot: first for
/// their schemas, then for their rows.
/// </summary>
public sealed class PredictionExport(NpgsqlDataSource dataSource)
{
    public const string Actual = "actual";

    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Snappy };

    public async Task WriteAsync(
        string tenant, string model, DateTimeOffset from, DateTimeOffset to, Stream output, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var classes = new SortedSet<string>(StringComparer.Ordinal);
        var inputs = new SortedDictionary<string, InputKind>(StringComparer.Ordinal);
        await foreach (var block in BlocksAsync(transaction, tenant, model, from, to, cancellationToken))
        {
            classes.UnionWith(block.Probabilities.Select(column => column.Class));
            // A column without a value in the block says nothing of the feature's kind.
            foreach (var input in block.Inputs.Where(input => Enumerable.Range(0, block.Count).Any(input.HasValue)))
            {
                inputs[input.Name] = inputs.TryGetValue(input.Name, out var kind) ? Widest(kind, input.Kind) : input.Kind;
            }
        }

        var actuals = await ActualsAsync(transaction, tenant, model, from, to, cancellationToken);
        var schema = Schema(classes, inputs);
        await using (var writer = await ParquetWriter.CreateAsync(schema, output, Options, cancellationToken: cancellationToken))
        {
            var json = inputs.Where(pair => pair.Value == InputKind.Json).Select(pair => pair.Key).ToList();
            if (json.Count > 0)
            {
                writer.CustomMetadata = new Dictionary<string, string> { [PredictionColumns.JsonInputsKey] = JsonSerializer.Serialize(json) };
            }

            await foreach (var block in BlocksAsync(transaction, tenant, model, from, to, cancellationToken))
            {
                var rows = Enumerable.Range(0, block.Count)
                    .Where(row => block.ServedAt[row] >= from.UtcDateTime && block.ServedAt[row] < to.UtcDateTime)
                    .ToArray();
                if (rows.Length > 0)
                {
                    await WriteGroupAsync(writer, schema, block, rows, classes, inputs, actuals);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static InputKind Widest(InputKind a, InputKind b) => (a, b) switch
    {
        _ when a == b => a,
        (InputKind.Float or InputKind.Double, InputKind.Float or InputKind.Double) => InputKind.Double,
        _ => InputKind.Json,
    };

    private static ParquetSchema Schema(IEnumerable<string> classes, IReadOnlyDictionary<string, InputKind> inputs)
    {
        var fields = new List<Field>
        {
            new DataField<Guid>(PredictionColumns.PredictionId),
            new DateTimeDataField(PredictionColumns.ServedAt, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros),
            new DataField<string>(PredictionColumns.Model),
            new DataField<int>(PredictionColumns.Version),
            new DataField<string>(PredictionColumns.Route),
            new DataField<double>(PredictionColumns.LatencyMs),
            new DataField<string>(PredictionColumns.Label, true),
            new DataField<double?>(PredictionColumns.Value),
            new DataField<double?>(PredictionColumns.Confidence),
            new DataField<string>(PredictionColumns.Error, true),
            new DataField<string>(Actual, true),
        };
        fields.AddRange(classes.Select(name => new DataField<double?>(PredictionColumns.ProbabilityPrefix + name)));
        fields.AddRange(inputs.Select(pair => pair.Value switch
        {
            InputKind.Float => new DataField<float?>(PredictionColumns.InputPrefix + pair.Key),
            InputKind.Double => new DataField<double?>(PredictionColumns.InputPrefix + pair.Key),
            _ => (Field)new DataField<string>(PredictionColumns.InputPrefix + pair.Key, true),
        }));
        return new ParquetSchema(fields);
    }

    private static async Task WriteGroupAsync(
        ParquetWriter writer, ParquetSchema schema, PredictionBlock block, int[] rows, IEnumerable<string> classes,
        IReadOnlyDictionary<string, InputKind> inputs, Dictionary<Guid, string> actuals)
    {
        T[] Pick<T>(T[] values) => [.. rows.Select(row => values[row])];
        var fields = schema.DataFields;
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<Guid>(fields[0], Pick(block.PredictionIds));
        await group.WriteAsync<DateTime>(fields[1], Pick(block.ServedAt));
        await group.WriteAsync(fields[2], Pick(block.Models));
        await group.WriteAsync<int>(fields[3], Pick(block.Versions));
        await group.WriteAsync(fields[4], Pick(block.Routes));
        await group.WriteAsync<double>(fields[5], Pick(block.LatencyMs));
        await group.WriteAsync(fields[6], Pick(block.Labels));
        await group.WriteAsync<double>(fields[7], Pick(block.Values));
        await group.WriteAsync<double>(fields[8], Pick(block.Confidences));
        await group.WriteAsync(fields[9], Pick(block.Errors));
        await group.WriteAsync(fields[10], [.. rows.Select(row => actuals.GetValueOrDefault(block.PredictionIds[row]))]);
        var next = 11;
        var probabilities = block.Probabilities.ToDictionary(column => column.Class, column => column.Probabilities, StringComparer.Ordinal);
        foreach (var name in classes)
        {
            await group.WriteAsync<double>(fields[next++],
                probabilities.TryGetValue(name, out var values) ? Pick(values) : new double?[rows.Length]);
        }

        var columns = block.Inputs.ToDictionary(input => input.Name, StringComparer.Ordinal);
        foreach (var (name, kind) in inputs)
        {
            var field = fields[next++];
            var column = columns.GetValueOrDefault(name);
            await (kind switch
            {
                InputKind.Float => group.WriteAsync<float>(field,
                    column?.Numbers is { } floats ? [.. rows.Select(row => (float?)floats[row])] : new float?[rows.Length]),
                InputKind.Double => group.WriteAsync<double>(field,
                    column?.Numbers is { } doubles ? [.. rows.Select(row => doubles[row])] : new double?[rows.Length]),
                InputKind.Text => group.WriteAsync(field, column?.Texts is { } texts ? Pick(texts) : new string?[rows.Length]),
                _ => group.WriteAsync(field, column is null ? new string?[rows.Length] : [.. rows.Select(row => JsonText(column, row))]),
            });
        }
    }

    private static string? JsonText(InputColumn column, int row)
    {
        if (!column.HasValue(row))
        {
            return null;
        }

        return column.Kind == InputKind.Json ? column.Texts![row] : column.ValueOf(row).GetRawText();
    }

    private static async IAsyncEnumerable<PredictionBlock> BlocksAsync(
        NpgsqlTransaction transaction, string tenant, string model, DateTimeOffset from, DateTimeOffset to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT data FROM prediction_blocks
            WHERE tenant = $1 AND model = $2 AND hour >= date_trunc('hour', $3::timestamptz, 'UTC') AND hour < $4
              AND last_served >= $3
            ORDER BY hour, first_served, block_id
            """, transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = to, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return PredictionBlock.Read(reader.GetFieldValue<byte[]>(0));
        }
    }

    private static async Task<Dictionary<Guid, string>> ActualsAsync(
        NpgsqlTransaction transaction, string tenant, string model, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        var actuals = new Dictionary<Guid, string>();
        await using var command = new NpgsqlCommand("""
            SELECT prediction_id, actual FROM prediction_labels
            WHERE tenant = $1 AND model = $2 AND block_id IS NOT NULL AND served_at >= $3 AND served_at < $4
            """, transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            actuals[reader.GetGuid(0)] = reader.GetString(1);
        }

        return actuals;
    }
}