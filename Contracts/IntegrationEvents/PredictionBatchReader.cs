using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>Decodes a <see cref="PredictionsLogged"/> batch (the layout is <see cref="PredictionBatchFormat"/>).</summary>
internal static class PredictionBatchReader
{
    // The fewest bytes a row or a table string can take: bounds what a count read from the batch may claim.
    private const int SmallestRow = 16 + 4 + 4 + 4 + 4 + 4 + 1 + 8 + 8 + 8 + 4 + 4;
    private const int SmallestString = 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<LoggedPrediction> Read(byte[] bytes)
    {
        var cursor = new Cursor(bytes);
        if (cursor.UInt32() != PredictionBatchFormat.Marker)
        {
            throw new FormatException("The bytes are not a prediction batch of this format.");
        }

        var count = cursor.Count(SmallestRow);
        var strings = new string[cursor.Count(SmallestString)];
        for (var i = 0; i < strings.Length; i++)
        {
            try
            {
                strings[i] = StrictUtf8.GetString(cursor.Take(cursor.Count(1)));
            }
            catch (DecoderFallbackException ex)
            {
                throw new FormatException("A string of the prediction batch is not UTF-8.", ex);
            }
        }

        var inputs = ParseInputs(cursor.Take(cursor.Count(1)), count);
        var rows = new List<LoggedPrediction>(count);
        foreach (var rowInputs in inputs.EnumerateArray())
        {
            var id = new Guid(cursor.Take(16));
            var tenant = cursor.String(strings);
            var model = cursor.String(strings);
            var version = cursor.Int32();
            var route = cursor.String(strings);
            var label = cursor.OptionalString(strings);
            var hasValue = cursor.Take(1)[0] != 0;
            var value = cursor.Double();
            var latencyMs = cursor.Double();
            var servedAt = ServedAt(cursor.Int64(), cursor.Int32());
            rows.Add(new LoggedPrediction(id, model, version, route, rowInputs, label, hasValue ? value : null,
                Probabilities(ref cursor, strings), latencyMs, servedAt, tenant));
        }

        if (!cursor.AtEnd)
        {
            throw new FormatException("The prediction batch has bytes after its last row.");
        }

        return rows;
    }

    private static JsonElement ParseInputs(ReadOnlySpan<byte> json, int count)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var inputs = JsonElement.ParseValue(ref reader);
            if (reader.BytesConsumed == json.Length && inputs.ValueKind == JsonValueKind.Array && inputs.GetArrayLength() == count)
            {
                return inputs;
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException("The inputs of the prediction batch are not JSON.", ex);
        }

        throw new FormatException($"The inputs of the prediction batch are not one JSON array of {count} values.");
    }

    private static Dictionary<string, double>? Probabilities(ref Cursor cursor, string[] strings)
    {
        var count = cursor.Int32();
        if (count == PredictionBatchFormat.NoEntry)
        {
            return null;
        }

        if (count < 0 || count > strings.Length)
        {
            throw new FormatException($"A row of the prediction batch claims {count} probabilities.");
        }

        var probabilities = new Dictionary<string, double>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (!probabilities.TryAdd(cursor.String(strings), cursor.Double()))
            {
                throw new FormatException("A row of the prediction batch names a class twice.");
            }
        }

        return probabilities;
    }

    private static DateTimeOffset ServedAt(long ticks, int offsetMinutes)
    {
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException("A row of the prediction batch has an impossible time.", ex);
        }
    }

    private ref struct Cursor(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public ReadOnlySpan<byte> Take(int length)
        {
            if (length > _bytes.Length - _position)
            {
                throw new FormatException("The prediction batch is truncated.");
            }

            var taken = _bytes.Slice(_position, length);
            _position += length;
            return taken;
        }

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

        /// <summary>A count of items of at least <paramref name="smallest"/> bytes each, which the bytes left can hold.</summary>
        public int Count(int smallest)
        {
            var count = Int32();
            if (count < 0 || count > (_bytes.Length - _position) / smallest)
            {
                throw new FormatException($"The prediction batch claims {count} items, more than its bytes can hold.");
            }

            return count;
        }

        public string String(string[] strings) =>
            OptionalString(strings) ?? throw new FormatException("A row of the prediction batch lacks a required string.");

        public string? OptionalString(string[] strings)
        {
            var index = Int32();
            if (index == PredictionBatchFormat.NoEntry)
            {
                return null;
            }

            return index >= 0 && index < strings.Length
                ? strings[index]
                : throw new FormatException($"A row of the prediction batch refers to string {index} of {strings.Length}.");
        }
    }
}