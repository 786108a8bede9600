using System.Globalization;
using System.Text.Json;

using Parquet;
using Parquet.Schema;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// Builds one prediction block, row by row: a Parquet file with a column per field (<see cref="PredictionColumns"/>),
/// per class probability and per input feature. A row's inputs are set after <see cref="Add(Guid, string, string, int, string, string?, double?, IReadOnlyList{string}?, ReadOnlySpan{double}, double, DateTimeOffset, string?)"/>
/// through <see cref="Input"/>.
/// </summary>
public sealed class PredictionBatchWriter
{
    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Snappy };

    private readonly List<string> _tenants = [];
    private readonly List<string> _models = [];
    private readonly List<int> _versions = [];
    private readonly List<Guid> _ids = [];
    private readonly List<DateTime> _servedAt = [];
    private readonly List<string> _routes = [];
    private readonly List<double> _latencies = [];
    private readonly List<string?> _labels = [];
    private readonly List<double?> _values = [];
    private readonly List<double?> _confidences = [];
    private readonly List<string?> _errors = [];
    private readonly Dictionary<string, List<double?>> _probabilities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InputValues> _inputs = new(StringComparer.Ordinal);
    private bool _finished;

    public int Count => _ids.Count;

    public void Add(LoggedPrediction row)
    {
        string[]? classes = null;
        var probabilities = Array.Empty<double>();
        if (row.Probabilities is { } given)
        {
            classes = [.. given.Keys];
            probabilities = [.. given.Values];
        }

        Add(row.PredictionId, row.Tenant, row.Model, row.Version, row.Route, row.Label, row.Value, classes, probabilities,
            row.LatencyMs, row.ServedAt);
        if (row.Inputs.ValueKind == JsonValueKind.Object)
        {
            foreach (var input in row.Inputs.EnumerateObject())
            {
                Input(input.Name).Json(input.Value);
            }
        }
    }

    /// <summary>Copies row <paramref name="row"/> of a block read with its inputs.</summary>
    public void Add(PredictionBlock block, int row)
    {
        var classes = block.Probabilities.Where(column => column.Probabilities[row].HasValue).ToList();
        Add(block.PredictionIds[row], block.Tenants[row], block.Models[row], block.Versions[row], block.Routes[row],
            block.Labels[row], block.Values[row], classes.Count == 0 ? null : [.. classes.Select(column => column.Class)],
            [.. classes.Select(column => column.Probabilities[row]!.Value)], block.LatencyMs[row],
            new DateTimeOffset(block.ServedAt[row], TimeSpan.Zero), block.Errors[row]);
        foreach (var input in block.Inputs.Where(input => input.HasValue(row)))
        {
            var values = Input(input.Name, single: input.Kind == InputKind.Float);
            if (input.Numbers?[row] is { } number)
            {
                values.Number(number);
            }
            else if (input.Kind == InputKind.Json)
            {
                values.JsonText(input.Texts![row]!);
            }
            else
            {
                values.Text(input.Texts![row]);
            }
        }
    }

    /// <summary>
    /// Adds a row; its inputs are then set with <see cref="Input"/>. <paramref name="classes"/> is null for a row
    /// without probabilities; otherwise <paramref name="probabilities"/> holds one per class, in the same order.
    /// </summary>
    public void Add(
        Guid predictionId, string tenant, string model, int version, string route, string? label, double? value,
        IReadOnlyList<string>? classes, ReadOnlySpan<double> probabilities, double latencyMs, DateTimeOffset servedAt,
        string? error = null)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (classes is not null && classes.Count != probabilities.Length)
        {
            throw new ArgumentException($"{classes.Count} classes but {probabilities.Length} probabilities.", nameof(probabilities));
        }

        var row = _ids.Count;
        _tenants.Add(tenant);
        _models.Add(model);
        _versions.Add(version);
        _ids.Add(predictionId);
        _servedAt.Add(servedAt.UtcDateTime);
        _routes.Add(route);
        _latencies.Add(latencyMs);
        _labels.Add(label);
        _values.Add(value);
        _errors.Add(error);
        double? confidence = null;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!_probabilities.TryGetValue(classes![i], out var column))
            {
                _probabilities[classes[i]] = column = [];
            }

            while (column.Count < row)
            {
                column.Add(null);
            }

            column.Add(probabilities[i]);
            confidence = confidence is { } highest ? Math.Max(highest, probabilities[i]) : probabilities[i];
        }

        _confidences.Add(confidence);
    }

    /// <summary>The input column of <paramref name="name"/>, for setting the current row's value.</summary>
    /// <param name="single">Numbers are single precision, as a served model reads them.</param>
    public InputValues Input(string name, bool single = false)
    {
        if (!_inputs.TryGetValue(name, out var input))
        {
            _inputs[name] = input = new InputValues(this, name, single);
        }

        return input;
    }

    /// <summary>The block as a message; the writer takes no rows after this.</summary>
    public PredictionsLogged ToMessage() => new(ToParquet());

    public byte[] ToParquet()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        return WriteAsync().GetAwaiter().GetResult();
    }

    // Everything is in memory: the writes complete synchronously.
    private async Task<byte[]> WriteAsync()
    {
        var classes = _probabilities.Keys.Order(StringComparer.Ordinal).ToList();
        var inputs = _inputs.Values.OrderBy(input => input.Name, StringComparer.Ordinal).ToList();
        // A block of one model version (as Inference writes them) names it once, in its metadata, not in a column.
        var uniform = Count > 0 && _tenants.TrueForAll(tenant => tenant == _tenants[0]) && _models.TrueForAll(model => model == _models[0])
            && _versions.TrueForAll(version => version == _versions[0]);
        var fields = uniform
            ? new List<DataField>()
            : [new DataField<string>(PredictionColumns.Tenant), new DataField<string>(PredictionColumns.Model), new DataField<int>(PredictionColumns.Version)];
        fields.AddRange(
        [
            new DataField<Guid>(PredictionColumns.PredictionId),
            new DateTimeDataField(PredictionColumns.ServedAt, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros),
            new DataField<string>(PredictionColumns.Route),
            new DataField<double>(PredictionColumns.LatencyMs),
            new DataField<string>(PredictionColumns.Label, true),
            new DataField<double?>(PredictionColumns.Value),
            new DataField<double?>(PredictionColumns.Confidence),
            new DataField<string>(PredictionColumns.Error, true),
        ]);
        fields.AddRange(classes.Select(name => new DataField<double?>(PredictionColumns.ProbabilityPrefix + name)));
        fields.AddRange(inputs.Select(input => input.Kind switch
        {
            InputKind.Float => new DataField<float?>(PredictionColumns.InputPrefix + input.Name),
            InputKind.Double => new DataField<double?>(PredictionColumns.InputPrefix + input.Name),
            _ => (DataField)new DataField<string>(PredictionColumns.InputPrefix + input.Name, true),
        }));

        var schema = new ParquetSchema(fields);
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, Options))
        {
            var metadata = new Dictionary<string, string>();
            var json = inputs.Where(input => input.Kind == InputKind.Json).Select(input => input.Name).ToList();
            if (json.Count > 0)
            {
                metadata[PredictionColumns.JsonInputsKey] = JsonSerializer.Serialize(json);
            }

            if (uniform)
            {
                metadata[PredictionColumns.Tenant] = _tenants[0];
                metadata[PredictionColumns.Model] = _models[0];
                metadata[PredictionColumns.Version] = _versions[0].ToString(CultureInfo.InvariantCulture);
            }

            writer.CustomMetadata = metadata;
            using var group = writer.CreateRowGroup();
            var columns = schema.DataFields;
            var next = 0;
            if (!uniform)
            {
                await group.WriteAsync(columns[next++], _tenants);
                await group.WriteAsync(columns[next++], _models);
                await group.WriteAsync<int>(columns[next++], _versions.ToArray());
            }

            await group.WriteAsync<Guid>(columns[next++], _ids.ToArray());
            await group.WriteAsync<DateTime>(columns[next++], _servedAt.ToArray());
            await group.WriteAsync(columns[next++], _routes);
            await group.WriteAsync<double>(columns[next++], _latencies.ToArray());
            await group.WriteAsync(columns[next++], _labels!);
            await group.WriteAsync<double>(columns[next++], _values.ToArray());
            await group.WriteAsync<double>(columns[next++], _confidences.ToArray());
            await group.WriteAsync(columns[next++], _errors!);
            foreach (var name in classes)
            {
                var column = _probabilities[name];
                while (column.Count < Count)
                {
                    column.Add(null);
                }

                await group.WriteAsync<double>(columns[next++], column.ToArray());
            }

            foreach (var input in inputs)
            {
                var field = columns[next++];
                await (input.Kind switch
                {
                    InputKind.Float => group.WriteAsync<float>(field, input.Floats()),
                    InputKind.Double => group.WriteAsync<double>(field, input.Doubles()),
                    InputKind.Text => group.WriteAsync(field, input.Texts()!),
                    _ => group.WriteAsync(field, input.JsonTexts()!),
                });
            }
        }

        return stream.ToArray();
    }
}