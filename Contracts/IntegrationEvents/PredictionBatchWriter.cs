using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>Builds one <see cref="PredictionsLogged"/> batch, row by row (the layout is <see cref="PredictionBatchFormat"/>).</summary>
public sealed class PredictionBatchWriter
{
    private readonly ArrayBufferWriter<byte> _rows = new();
    private readonly ArrayBufferWriter<byte> _inputs = new();
    private readonly Utf8JsonWriter _inputsWriter;
    private readonly Dictionary<string, int> _stringIndexes = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private double[] _probabilities = [];
    private bool _finished;

    public PredictionBatchWriter()
    {
        // Inputs are stored and compared as JSON, never put in a page: text goes as it is instead of \u-escaped.
        _inputsWriter = new Utf8JsonWriter(_inputs, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _inputsWriter.WriteStartArray();
    }

    public int Count { get; private set; }

    public void Add(LoggedPrediction row)
    {
        string[]? classes = null;
        var count = 0;
        if (row.Probabilities is { } probabilities)
        {
            classes = new string[probabilities.Count];
            if (_probabilities.Length < classes.Length)
            {
                _probabilities = new double[classes.Length];
            }

            // One pass over the pairs, so each class keeps its own probability whatever the dictionary's order.
            foreach (var (name, probability) in probabilities)
            {
                classes[count] = name;
                _probabilities[count++] = probability;
            }
        }

        var inputs = Add(row.PredictionId, row.Tenant, row.Model, row.Version, row.Route, row.Label, row.Value,
            classes, _probabilities.AsSpan(0, count), row.LatencyMs, row.ServedAt);
        row.Inputs.WriteTo(inputs);
    }

    /// <summary>
    /// Adds a row and returns the writer on which the caller then writes the row's inputs: exactly one JSON value,
    /// an object keyed by feature name. <paramref name="classes"/> is null for a row without probabilities; otherwise
    /// <paramref name="probabilities"/> holds one per class, in the same order.
    /// </summary>
    public Utf8JsonWriter Add(
        Guid predictionId, string tenant, string model, int version, string route, string? label, double? value,
        IReadOnlyList<string>? classes, ReadOnlySpan<double> probabilities, double latencyMs, DateTimeOffset servedAt)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (classes is not null && classes.Count != probabilities.Length)
        {
            throw new ArgumentException($"{classes.Count} classes but {probabilities.Length} probabilities.", nameof(probabilities));
        }

        predictionId.TryWriteBytes(_rows.GetSpan(16));
        _rows.Advance(16);
        WriteInt32(StringIndex(tenant));
        WriteInt32(StringIndex(model));
        WriteInt32(version);
        WriteInt32(StringIndex(route));
        WriteInt32(label is null ? PredictionBatchFormat.NoEntry : StringIndex(label));
        _rows.GetSpan(1)[0] = value.HasValue ? (byte)1 : (byte)0;
        _rows.Advance(1);
        WriteDouble(value ?? 0);
        WriteDouble(latencyMs);
        WriteInt64(servedAt.Ticks);
        WriteInt32((int)servedAt.Offset.TotalMinutes);
        WriteInt32(classes?.Count ?? PredictionBatchFormat.NoEntry);
        for (var i = 0; i < probabilities.Length; i++)
        {
            WriteInt32(StringIndex(classes![i]));
            WriteDouble(probabilities[i]);
        }

        Count++;
        return _inputsWriter;
    }

    /// <summary>The batch as a message; the writer takes no rows after this.</summary>
    public PredictionsLogged ToMessage()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        _inputsWriter.WriteEndArray();
        _inputsWriter.Flush();

        var size = 4 + 4 + 4 + 4 + _inputs.WrittenCount + _rows.WrittenCount;
        foreach (var text in _strings)
        {
            size += 4 + Encoding.UTF8.GetByteCount(text);
        }

        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, PredictionBatchFormat.Marker);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Count);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], _strings.Count);
        var position = 12;
        foreach (var text in _strings)
        {
            var length = Encoding.UTF8.GetBytes(text, span[(position + 4)..]);
            BinaryPrimitives.WriteInt32LittleEndian(span[position..], length);
            position += 4 + length;
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[position..], _inputs.WrittenCount);
        _inputs.WrittenSpan.CopyTo(span[(position + 4)..]);
        position += 4 + _inputs.WrittenCount;
        _rows.WrittenSpan.CopyTo(span[position..]);
        return new PredictionsLogged(bytes);
    }

    private int StringIndex(string text)
    {
        if (!_stringIndexes.TryGetValue(text, out var index))
        {
            index = _strings.Count;
            _strings.Add(text);
            _stringIndexes.Add(text, index);
        }

        return index;
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_rows.GetSpan(4), value);
        _rows.Advance(4);
    }

    private void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_rows.GetSpan(8), value);
        _rows.Advance(8);
    }

    private void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_rows.GetSpan(8), value);
        _rows.Advance(8);
    }
}