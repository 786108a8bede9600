using System.Globalization;
using System.Text.Json;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>One input feature's values in a decoded block: numbers, strings or JSON texts, one per row.</summary>
public sealed class InputColumn
{
    private InputColumn(string name, InputKind kind, double?[]? numbers, string?[]? texts)
    {
        Name = name;
        Kind = kind;
        Numbers = numbers;
        Texts = texts;
    }

    public string Name { get; }

    public InputKind Kind { get; }

    /// <summary>The values of a numeric column (single-precision ones widened); null otherwise.</summary>
    public double?[]? Numbers { get; }

    /// <summary>The values of a text column, or the JSON texts of a mixed one; null for a numeric column.</summary>
    public string?[]? Texts { get; }

    public static InputColumn OfFloats(string name, float?[] values) =>
        new(name, InputKind.Float, [.. values.Select(value => (double?)value)], null);

    public static InputColumn OfDoubles(string name, double?[] values) => new(name, InputKind.Double, values, null);

    public static InputColumn OfTexts(string name, string?[] values, bool json) =>
        new(name, json ? InputKind.Json : InputKind.Text, null, values);

    public bool HasValue(int row) => Numbers is { } numbers ? numbers[row].HasValue : Texts![row] is not null;

    /// <summary>Writes row <paramref name="row"/>'s value, which must be there (<see cref="HasValue"/>).</summary>
    public void WriteValue(int row, Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case InputKind.Float:
                // Written as the float it was, so 0.1 reads 0.1 rather than its double widening.
                writer.WriteNumberValue((float)Numbers![row]!.Value);
                break;
            case InputKind.Double:
                writer.WriteNumberValue(Numbers![row]!.Value);
                break;
            case InputKind.Text:
                writer.WriteStringValue(Texts![row]);
                break;
            default:
                writer.WriteRawValue(Texts![row]!);
                break;
        }
    }

    /// <summary>
    /// Row <paramref name="row"/>'s value as a table cell: a number in its shortest round-trip form, a string as it
    /// is, another JSON value as its JSON text; empty without a value.
    /// </summary>
    public string CellText(int row)
    {
        if (!HasValue(row))
        {
            return "";
        }

        return Kind switch
        {
            InputKind.Float => ((float)Numbers![row]!.Value).ToString(CultureInfo.InvariantCulture),
            InputKind.Double => Numbers![row]!.Value.ToString("R", CultureInfo.InvariantCulture),
            InputKind.Text => Texts![row]!,
            _ => ValueOf(row) is { ValueKind: JsonValueKind.String } text ? text.GetString()! : Texts![row]!,
        };
    }

    /// <summary>Row <paramref name="row"/>'s value as JSON, for code that bins or compares inputs as JSON.</summary>
    public JsonElement ValueOf(int row)
    {
        if (!HasValue(row))
        {
            return default;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(row, writer);
        }

        return JsonSerializer.Deserialize<JsonElement>(buffer.WrittenSpan);
    }
}