using System.Globalization;
using System.Text.Json;

namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// One input feature's values while a block is written. A row that sets no value holds null. The column's kind is
/// the narrowest that holds every value set: numbers, strings, or JSON text when they mix.
/// </summary>
public sealed class InputValues
{
    private readonly PredictionBatchWriter _owner;
    private readonly List<double?> _numbers = [];
    private readonly List<string?> _texts = [];
    private bool _sawNumber;
    private bool _sawText;
    private bool _sawJson;

    // Rows whose text is a JSON value's own text rather than a string.
    private readonly HashSet<int> _rawJsonRows = [];

    internal InputValues(PredictionBatchWriter owner, string name, bool single)
    {
        _owner = owner;
        Name = name;
        Single = single;
    }

    public string Name { get; }

    /// <summary>Numbers are single precision: the column is written as floats.</summary>
    public bool Single { get; }

    internal InputKind Kind => (_sawNumber, _sawText, _sawJson) switch
    {
        (_, false, false) => Single ? InputKind.Float : InputKind.Double,
        (false, true, false) => InputKind.Text,
        _ => InputKind.Json,
    };

    /// <summary>Sets the current row's value.</summary>
    public void Number(double value)
    {
        Pad();
        _numbers.Add(value);
        _texts.Add(null);
        _sawNumber = true;
    }

    public void Text(string? value)
    {
        Pad();
        _numbers.Add(null);
        _texts.Add(value);
        _sawText |= value is not null;
    }

    /// <summary>Sets the current row's value from JSON: a number, a string, null or any other value (kept as its text).</summary>
    public void Json(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number):
                Number(number);
                break;
            case JsonValueKind.String:
                Text(value.GetString());
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                Text(null);
                break;
            default:
                JsonText(value.GetRawText());
                break;
        }
    }

    /// <summary>Sets the current row's value to a JSON value's text: an object, an array or a boolean.</summary>
    public void JsonText(string json)
    {
        Pad();
        _rawJsonRows.Add(_texts.Count);
        _numbers.Add(null);
        _texts.Add(json);
        _sawJson = true;
    }

    internal float?[] Floats()
    {
        Pad(_owner.Count);
        return [.. _numbers.Select(number => (float?)number)];
    }

    internal double?[] Doubles()
    {
        Pad(_owner.Count);
        return [.. _numbers];
    }

    internal string?[] Texts()
    {
        Pad(_owner.Count);
        return [.. _texts];
    }

    /// <summary>Every value as JSON text, for a column of mixed values.</summary>
    internal string?[] JsonTexts()
    {
        Pad(_owner.Count);
        var texts = new string?[_owner.Count];
        for (var row = 0; row < texts.Length; row++)
        {
            texts[row] = _numbers[row] is { } number
                ? number.ToString("R", CultureInfo.InvariantCulture)
                : _texts[row] is { } text && !_rawJsonRows.Contains(row) ? JsonSerializer.Serialize(text) : _texts[row];
        }

        return texts;
    }

    // Rows before the current one that set no value hold null.
    private void Pad() => Pad(_owner.Count - 1);

    private void Pad(int rows)
    {
        while (_numbers.Count < rows)
        {
            _numbers.Add(null);
            _texts.Add(null);
        }
    }
}