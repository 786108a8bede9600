using System.Globalization;
using System.Text.Json;

using Parquet;
using Parquet.Schema;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// A decoded prediction block (written by <see cref="PredictionBatchWriter"/>), column by column: each array holds
/// one value per row. Input and probability columns are read only when asked for.
/// </summary>
public sealed class PredictionBlock
{
    private PredictionBlock(int count) => Count = count;

    public int Count { get; }

    public string[] Tenants { get; private set; } = [];

    public string[] Models { get; private set; } = [];

    public int[] Versions { get; private set; } = [];

    public Guid[] PredictionIds { get; private set; } = [];

    /// <summary>UTC, to the microsecond.</summary>
    public DateTime[] ServedAt { get; private set; } = [];

    public string[] Routes { get; private set; } = [];

    public double[] LatencyMs { get; private set; } = [];

    public string?[] Labels { get; private set; } = [];

    public double?[] Values { get; private set; } = [];

    public double?[] Confidences { get; private set; } = [];

    public string?[] Errors { get; private set; } = [];

    /// <summary>Per class, each row's probability (null for a row without probabilities).</summary>
    public IReadOnlyList<(string Class, double?[] Probabilities)> Probabilities { get; private set; } = [];

    /// <summary>The input columns, when the block was read with them.</summary>
    public IReadOnlyList<InputColumn> Inputs { get; private set; } = [];

    /// <summary>The names of the input features the block has columns for, whether or not they were read.</summary>
    public IReadOnlyList<string> InputNames { get; private set; } = [];

    /// <summary>Reads a block; a <see cref="FormatException"/> says the bytes are not one.</summary>
    public static PredictionBlock Read(byte[] bytes, BlockParts parts = BlockParts.All)
    {
        try
        {
            return ReadAsync(bytes, parts).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not FormatException and not OutOfMemoryException)
        {
            throw new FormatException("The bytes are not a prediction block.", ex);
        }
    }

    /// <summary>Row <paramref name="row"/>'s inputs as a JSON object; features without a value are left out.</summary>
    public void WriteInputs(int row, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var input in Inputs)
        {
            if (input.HasValue(row))
            {
                writer.WritePropertyName(input.Name);
                input.WriteValue(row, writer);
            }
        }

        writer.WriteEndObject();
    }

    public IReadOnlyDictionary<string, double>? ProbabilitiesOf(int row)
    {
        Dictionary<string, double>? probabilities = null;
        foreach (var (name, values) in Probabilities)
        {
            if (values[row] is { } probability)
            {
                (probabilities ??= new Dictionary<string, double>(StringComparer.Ordinal))[name] = probability;
            }
        }

        return probabilities;
    }

    /// <summary>Row <paramref name="row"/>'s inputs as a JSON object; features without a value are left out.</summary>
    public JsonElement InputsOf(int row)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteInputs(row, writer);
        }

        return JsonSerializer.Deserialize<JsonElement>(buffer.WrittenSpan);
    }

    /// <summary>The rows as objects, of a block read whole: for tests and small blocks; consumers with many rows read the columns.</summary>
    public IReadOnlyList<LoggedPrediction> ToRows() =>
    [
        .. Enumerable.Range(0, Count).Select(row => new LoggedPrediction(PredictionIds[row], Models[row], Versions[row], Routes[row],
            InputsOf(row), Labels[row], Values[row], ProbabilitiesOf(row), LatencyMs[row],
            new DateTimeOffset(ServedAt[row], TimeSpan.Zero), Tenants[row])),
    ];

    private static async Task<PredictionBlock> ReadAsync(byte[] bytes, BlockParts parts)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes, writable: false));
        var count = checked((int)reader.RowGroups.Sum(group => group.RowCount));
        var block = new PredictionBlock(count);
        var fields = reader.Schema.DataFields.ToDictionary(field => field.Name, StringComparer.Ordinal);
        var json = reader.CustomMetadata.TryGetValue(PredictionColumns.JsonInputsKey, out var names)
            ? JsonSerializer.Deserialize<string[]>(names) ?? []
            : [];

        DataField Field(string name) => fields.TryGetValue(name, out var field)
            ? field
            : throw new FormatException($"The block has no '{name}' column.");

        var metadata = reader.CustomMetadata;
        if (metadata.TryGetValue(PredictionColumns.Tenant, out var tenant) && metadata.TryGetValue(PredictionColumns.Model, out var model)
            && metadata.TryGetValue(PredictionColumns.Version, out var versionText)
            && int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            block.Tenants = Filled(count, tenant);
            block.Models = Filled(count, model);
            block.Versions = Filled(count, version);
        }
        else
        {
            block.Tenants = (await ReadStringsAsync(reader, Field(PredictionColumns.Tenant), count, required: true))!;
            block.Models = (await ReadStringsAsync(reader, Field(PredictionColumns.Model), count, required: true))!;
            block.Versions = await ReadAsync<int>(reader, Field(PredictionColumns.Version), count);
        }

        if (parts.HasFlag(BlockParts.Ids))
        {
            block.PredictionIds = await ReadAsync<Guid>(reader, Field(PredictionColumns.PredictionId), count);
        }

        block.ServedAt = await ReadAsync<DateTime>(reader, Field(PredictionColumns.ServedAt), count);
        block.Routes = (await ReadStringsAsync(reader, Field(PredictionColumns.Route), count, required: true))!;
        block.LatencyMs = await ReadAsync<double>(reader, Field(PredictionColumns.LatencyMs), count);
        block.Labels = await ReadStringsAsync(reader, Field(PredictionColumns.Label), count, required: false);
        block.Values = await ReadNullableAsync<double>(reader, Field(PredictionColumns.Value), count);
        block.Confidences = await ReadNullableAsync<double>(reader, Field(PredictionColumns.Confidence), count);
        block.Errors = await ReadStringsAsync(reader, Field(PredictionColumns.Error), count, required: false);

        block.InputNames = [.. reader.Schema.DataFields.Select(field => field.Name)
            .Where(name => name.StartsWith(PredictionColumns.InputPrefix, StringComparison.Ordinal))
            .Select(name => name[PredictionColumns.InputPrefix.Length..])];
        var probabilities = new List<(string, double?[])>();
        var inputs = new List<InputColumn>();
        foreach (var field in reader.Schema.DataFields)
        {
            if (parts.HasFlag(BlockParts.Probabilities) && field.Name.StartsWith(PredictionColumns.ProbabilityPrefix, StringComparison.Ordinal))
            {
                probabilities.Add((field.Name[PredictionColumns.ProbabilityPrefix.Length..], await ReadNullableAsync<double>(reader, field, count)));
            }
            else if (parts.HasFlag(BlockParts.Inputs) && field.Name.StartsWith(PredictionColumns.InputPrefix, StringComparison.Ordinal))
            {
                var name = field.Name[PredictionColumns.InputPrefix.Length..];
                inputs.Add(field.ClrType == typeof(float)
                    ? InputColumn.OfFloats(name, await ReadNullableAsync<float>(reader, field, count))
                    : field.ClrType == typeof(double)
                        ? InputColumn.OfDoubles(name, await ReadNullableAsync<double>(reader, field, count))
                        : field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>)
                            ? InputColumn.OfTexts(name, await ReadStringsAsync(reader, field, count, required: false), json.Contains(name))
                            : throw new FormatException($"The input column '{name}' is of an unknown type."));
            }
        }

        block.Probabilities = probabilities;
        block.Inputs = inputs;
        return block;
    }

    private static T[] Filled<T>(int count, T value)
    {
        var values = new T[count];
        Array.Fill(values, value);
        return values;
    }

    private static Task<T[]> ReadAsync<T>(ParquetReader reader, DataField field, int count)
        where T : struct =>
        ReadColumnAsync<T>(reader, count, async (rows, values) => await rows.ReadAsync<T>(field, values));

    private static Task<T?[]> ReadNullableAsync<T>(ParquetReader reader, DataField field, int count)
        where T : struct =>
        ReadColumnAsync<T?>(reader, count, async (rows, values) => await rows.ReadAsync<T>(field, values));

    private static async Task<string?[]> ReadStringsAsync(ParquetReader reader, DataField field, int count, bool required)
    {
        var values = await ReadColumnAsync<string?>(reader, count, async (rows, values) => await rows.ReadAsync(field, values));
        if (required && values.Any(value => value is null))
        {
            throw new FormatException($"The block's '{field.Name}' column has a row without a value.");
        }

        return values;
    }

    /// <summary>One column's values, row group after row group.</summary>
    private static async Task<T[]> ReadColumnAsync<T>(
        ParquetReader reader, int count, Func<ParquetRowGroupReader, Memory<T>, Task> readGroup)
    {
        var values = new T[count];
        var offset = 0;
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rows = reader.OpenRowGroupReader(group);
            var length = checked((int)rows.RowCount);
            await readGroup(rows, values.AsMemory(offset, length));
            offset += length;
        }

        return values;
    }
}