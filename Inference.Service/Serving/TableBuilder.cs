using System.Text;
using System.Text.Json;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// Fills a <see cref="RequestTable"/> value by value from a JSON reader and records every problem. Text is copied
/// into one growing character buffer per request, and a known category is stored as the model's own string, so a
/// row costs no allocation of its own.
/// </summary>
internal sealed class TableBuilder
{
    private const int MaxIgnoredFields = 20;
    private const int MaxListedCategories = 20;
    private static readonly ReadOnlyMemory<char> True = "true".AsMemory();
    private static readonly ReadOnlyMemory<char> False = "false".AsMemory();

    private readonly InputSchema _schema;
    private readonly InferenceOptions _options;
    private readonly RequestTable _table;
    private readonly int[] _seenInRow;
    private readonly int[] _previousOrder;
    private char[]? _name;
    private HashSet<string>? _ignored;
    private char[] _text = [];
    private int _textUsed;
    private int _capacity;
    private bool _tooManyRows;

    public TableBuilder(InputSchema schema, InferenceOptions options)
    {
        _schema = schema;
        _options = options;
        _table = new RequestTable(schema.Count);
        _seenInRow = new int[schema.Count];
        _previousOrder = new int[schema.Count];
        Array.Fill(_previousOrder, -1);
        Problems = new RequestProblems(options.MaxReportedProblems);
    }

    public RequestProblems Problems { get; }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };

    /// <summary>Makes room for row <paramref name="row"/>; false when the request has more rows than allowed.</summary>
    public bool BeginRow(int row)
    {
        if (row >= _options.MaxBatchRows)
        {
            _tooManyRows = true;
            return false;
        }

        if (row >= _capacity)
        {
            Grow(Math.Max(row + 1, _capacity * 2));
        }

        _table.Rows = row + 1;
        return true;
    }

    /// <summary>Makes room for about <paramref name="rows"/> rows at once, rather than growing row by row.</summary>
    public void Reserve(int rows)
    {
        rows = Math.Min(rows, _options.MaxBatchRows);
        if (rows > _capacity)
        {
            Grow(rows);
        }
    }

    /// <summary>Reads a row object; the reader is on its start and is left on its end.</summary>
    public void ReadObjectRow(ref Utf8JsonReader reader, int row)
    {
        var stamp = row + 1;
        for (var position = 0; reader.Read() && reader.TokenType == JsonTokenType.PropertyName; position++)
        {
            var feature = FindFeature(ref reader, position);
            reader.Read();
            if (feature < 0)
            {
                reader.Skip();
            }
            else if (_seenInRow[feature] == stamp)
            {
                Problems.Add(Field(row, feature), "The field is given more than once.");
                reader.Skip();
            }
            else
            {
                _seenInRow[feature] = stamp;
                ReadValue(ref reader, feature, row);
            }
        }

        for (var feature = 0; feature < _schema.Count; feature++)
        {
            if (_seenInRow[feature] != stamp)
            {
                Problems.Add(Field(row, feature), $"The feature is required ({Kind(feature)}); send null for a missing value.");
            }
        }
    }

    /// <summary>Reads <c>dataframe_split.columns</c>: each name's feature, or -1 for a field the model does not know.</summary>
    public int[]? ReadColumns(ref Utf8JsonReader reader)
    {
        const string Field = "dataframe_split.columns";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Problems.Add(Field, $"The columns are an array of feature names, not {Describe(reader.TokenType)}.");
            reader.Skip();
            return null;
        }

        var columns = new List<int>();
        var named = new bool[_schema.Count];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                Problems.Add(Field, $"Column {columns.Count} is {Describe(reader.TokenType)}, not a feature name.");
                reader.Skip();
                columns.Add(-1);
                continue;
            }

            var feature = FindFeature(ref reader, position: -1);
            if (feature >= 0 && named[feature])
            {
                Problems.Add(Field, $"'{_schema.Features[feature].Name}' is named more than once.");
            }
            else if (feature >= 0)
            {
                named[feature] = true;
            }

            columns.Add(feature);
        }

        for (var feature = 0; feature < _schema.Count; feature++)
        {
            if (!named[feature])
            {
                Problems.Add(Field, $"'{_schema.Features[feature].Name}' is missing; the model needs it ({Kind(feature)}).");
            }
        }

        return [.. columns];
    }

    /// <summary>Reads one feature's value; the reader is on the value and is left on its last token.</summary>
    public void ReadValue(ref Utf8JsonReader reader, int feature, int row)
    {
        var kind = _schema.Features[feature].Kind;
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (kind == FeatureKind.Numeric)
            {
                _table.Numbers[feature]![row] = float.NaN;
            }
            else
            {
                _table.Texts[feature]![row] = ReadOnlyMemory<char>.Empty;
            }

            return;
        }

        switch (kind)
        {
            case FeatureKind.Numeric:
                ReadNumber(ref reader, feature, row);
                break;
            case FeatureKind.Boolean:
                ReadBoolean(ref reader, feature, row);
                break;
            default:
                ReadText(ref reader, feature, row, kind);
                break;
        }

        reader.Skip();
    }

    public ParsedRequest Finish()
    {
        if (!_tooManyRows && Problems.Count == 0 && _table.Rows == 0)
        {
            Problems.Add("rows", "At least one row is required.");
        }

        var table = _tooManyRows || Problems.Count > 0 ? null : _table;
        return new ParsedRequest(table, Problems, _tooManyRows, _ignored ?? (IReadOnlyCollection<string>)[]);
    }

    private void ReadNumber(ref Utf8JsonReader reader, int feature, int row)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDouble(out var number) && double.IsFinite(number) && float.IsFinite((float)number))
            {
                _table.Numbers[feature]![row] = (float)number;
            }
            else
            {
                Problems.Add(Field(row, feature), "The number is outside the range a model feature can hold (32-bit float).");
            }

            return;
        }

        if (reader.TokenType == JsonTokenType.String && IsNonFinite(CopyText(ref reader, commit: false)))
        {
            Problems.Add(Field(row, feature), "The value must be a finite number, not NaN or infinity.");
            return;
        }

        Problems.Add(Field(row, feature), $"The value must be a number, not {Describe(reader.TokenType)}.");
    }

    private void ReadBoolean(ref Utf8JsonReader reader, int feature, int row)
    {
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            _table.Texts[feature]![row] = reader.TokenType == JsonTokenType.True ? True : False;
            return;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = CopyText(ref reader, commit: false).Span.Trim();
            if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase))
            {
                _table.Texts[feature]![row] = True;
                return;
            }

            if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                _table.Texts[feature]![row] = False;
                return;
            }
        }

        Problems.Add(Field(row, feature), $"The value must be true or false, not {Describe(reader.TokenType)}.");
    }

    private void ReadText(ref Utf8JsonReader reader, int feature, int row, FeatureKind kind)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            Problems.Add(Field(row, feature), $"The value must be a string, not {Describe(reader.TokenType)}.");
            return;
        }

        var raw = CopyText(ref reader, commit: false);
        var value = Trim(raw);
        if (kind != FeatureKind.Categorical || value.IsEmpty)
        {
            Commit(raw);
            _table.Texts[feature]![row] = value;
            return;
        }

        if (_schema.FindCategory(feature, value.Span) is { } category)
        {
            _table.Texts[feature]![row] = category.AsMemory();
            return;
        }

        if (_options.UnseenCategories == UnseenCategoryPolicy.Reject)
        {
            var categories = _schema.Features[feature].Categories!;
            var listed = string.Join(", ", categories.Take(MaxListedCategories)) + (categories.Count > MaxListedCategories ? ", …" : "");
            Problems.Add(Field(row, feature), $"'{value}' is not a category the model knows: {listed}.");
            return;
        }

        // Kept as given for the prediction log; the model scores it as it scored missing values in training.
        Commit(raw);
        _table.Texts[feature]![row] = value;
        (_table.Unknown[feature] ??= new bool[_capacity])[row] = true;
    }

    /// <summary>
    /// The token's text, unescaped, at the free end of the text buffer; it stays there only if committed with
    /// <see cref="Commit"/> before the next copy.
    /// </summary>
    private ReadOnlyMemory<char> CopyText(ref Utf8JsonReader reader, bool commit)
    {
        var most = reader.ValueSpan.Length;
        if (_text.Length - _textUsed < most)
        {
            // Earlier values keep pointing into the old buffer, which stays alive through them.
            _text = new char[Math.Max(Math.Max(most, 256), _text.Length * 2)];
            _textUsed = 0;
        }

        var destination = _text.AsSpan(_textUsed);
        var length = reader.TokenType == JsonTokenType.String
            ? reader.CopyString(destination)
            : Encoding.UTF8.GetChars(reader.ValueSpan, destination);
        var text = _text.AsMemory(_textUsed, length);
        if (commit)
        {
            Commit(text);
        }

        return text;
    }

    private void Commit(ReadOnlyMemory<char> copied) => _textUsed += copied.Length;

    /// <summary>
    /// The feature a property names, or -1. Rows of one request usually list their fields in the same order, so the
    /// feature found at the same position of the previous row is tried first, by comparing UTF-8 bytes.
    /// </summary>
    private int FindFeature(ref Utf8JsonReader reader, int position)
    {
        var remembered = position >= 0 && position < _previousOrder.Length;
        if (remembered && _previousOrder[position] is var hinted and >= 0 && reader.ValueTextEquals(_schema.Utf8Names[hinted]))
        {
            return hinted;
        }

        var feature = FindFeatureByName(ref reader);
        if (remembered)
        {
            _previousOrder[position] = feature;
        }

        return feature;
    }

    private int FindFeatureByName(ref Utf8JsonReader reader)
    {
        _name ??= new char[256];
        if (reader.ValueSpan.Length > _name.Length)
        {
            var name = reader.GetString()!;
            var found = _schema.IndexOf(name);
            if (found < 0)
            {
                Ignore(name);
            }

            return found;
        }

        var span = _name.AsSpan(0, reader.CopyString(_name));
        var feature = _schema.IndexOf(span);
        if (feature < 0 && (_ignored is null || !_ignored.GetAlternateLookup<ReadOnlySpan<char>>().Contains(span)))
        {
            Ignore(span.ToString());
        }

        return feature;
    }

    private void Ignore(string name)
    {
        _ignored ??= new HashSet<string>(StringComparer.Ordinal);
        if (_ignored.Count < MaxIgnoredFields)
        {
            _ignored.Add(name);
        }
    }

    private void Grow(int capacity)
    {
        for (var feature = 0; feature < _schema.Count; feature++)
        {
            if (_schema.Features[feature].Kind == FeatureKind.Numeric)
            {
                Array.Resize(ref _table.Numbers[feature], capacity);
            }
            else
            {
                Array.Resize(ref _table.Texts[feature], capacity);
                if (_table.Unknown[feature] is not null)
                {
                    Array.Resize(ref _table.Unknown[feature], capacity);
                }
            }
        }

        _capacity = capacity;
    }

    private string Field(int row, int feature) => $"rows[{row}].{_schema.Features[feature].Name}";

    private string Kind(int feature) => _schema.Features[feature].Kind switch
    {
        FeatureKind.Numeric => "a number",
        FeatureKind.Boolean => "true or false",
        FeatureKind.Categorical => "a category",
        _ => "text",
    };

    private static ReadOnlyMemory<char> Trim(ReadOnlyMemory<char> text)
    {
        var span = text.Span;
        var start = 0;
        while (start < span.Length && char.IsWhiteSpace(span[start]))
        {
            start++;
        }

        var end = span.Length;
        while (end > start && char.IsWhiteSpace(span[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static bool IsNonFinite(ReadOnlyMemory<char> text)
    {
        var value = text.Span.Trim().TrimStart("+-");
        return value.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || value.Equals("Infinity", StringComparison.OrdinalIgnoreCase)
            || value.Equals("Inf", StringComparison.OrdinalIgnoreCase)
            || value.Equals("∞", StringComparison.Ordinal);
    }
}