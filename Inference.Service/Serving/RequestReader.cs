using System.Text.Json;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// Reads a predict request straight from its UTF-8 bytes into a <see cref="RequestTable"/>, validating every value
/// against the model's schema on the way. Accepted bodies: one JSON object (one row), <c>{"rows":[…]}</c>, and MLflow's
/// <c>{"dataframe_split":{"columns":[…],"data":[[…]]}}</c> and <c>{"dataframe_records":[…]}</c>.
/// </summary>
public static class RequestReader
{
    private const string Formats = "The body is one JSON object (a row), {\"rows\":[…]}, "
        + "{\"dataframe_split\":{\"columns\":[…],\"data\":[[…]]}} or {\"dataframe_records\":[…]}.";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    private enum Format
    {
        Invalid,
        Row,
        Records,
        Split,
    }

    public static ParsedRequest Read(ReadOnlySpan<byte> json, InputSchema schema, InferenceOptions options)
    {
        var table = new TableBuilder(schema, options);
        try
        {
            var (format, offset) = DetectFormat(json);
            var value = json[offset..];
            switch (format)
            {
                case Format.Row:
                    var row = new Utf8JsonReader(value, ReaderOptions);
                    row.Read();
                    if (table.BeginRow(0))
                    {
                        table.ReadObjectRow(ref row, 0);
                    }

                    break;
                case Format.Records:
                    ReadRecords(value, table);
                    break;
                case Format.Split:
                    ReadSplit(value, table);
                    break;
                default:
                    table.Problems.Add("body", Formats);
                    break;
            }
        }
        catch (JsonException ex)
        {
            table.Problems.Add("body", $"The body is not valid JSON: {ex.Message}");
        }

        return table.Finish();
    }

    /// <summary>Which format the body is in and where its rows start; the whole document is checked to be valid JSON.</summary>
    private static (Format Format, int Offset) DetectFormat(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            while (reader.Read())
            {
            }

            return (Format.Invalid, 0);
        }

        (Format Format, int Offset) found = (Format.Row, 0);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var wrapper = reader.ValueTextEquals("rows"u8) || reader.ValueTextEquals("dataframe_records"u8) ? Format.Records
                : reader.ValueTextEquals("dataframe_split"u8) ? Format.Split
                : Format.Row;
            reader.Read();
            var fits = wrapper == Format.Records && reader.TokenType == JsonTokenType.StartArray
                || wrapper == Format.Split && reader.TokenType == JsonTokenType.StartObject;
            if (fits && found.Format == Format.Row)
            {
                found = (wrapper, (int)reader.TokenStartIndex);
            }

            reader.Skip();
        }

        // Anything after the root object is an error the reader raises here.
        while (reader.Read())
        {
        }

        return found;
    }

    private static void ReadRecords(ReadOnlySpan<byte> array, TableBuilder table)
    {
        var reader = new Utf8JsonReader(array, ReaderOptions);
        reader.Read();
        for (var row = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; row++)
        {
            if (!table.BeginRow(row))
            {
                return;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                table.ReadObjectRow(ref reader, row);
                if (row == 0)
                {
                    table.Reserve(EstimateRows(array.Length, reader.BytesConsumed));
                }
            }
            else
            {
                table.Problems.Add($"rows[{row}]", $"A row is a JSON object of feature values, not {TableBuilder.Describe(reader.TokenType)}.");
                reader.Skip();
            }
        }
    }

    private static void ReadSplit(ReadOnlySpan<byte> split, TableBuilder table)
    {
        var reader = new Utf8JsonReader(split, ReaderOptions);
        reader.Read();
        int[]? columns = null;
        var namesColumns = false;
        var data = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isColumns = reader.ValueTextEquals("columns"u8);
            var isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            if (isColumns)
            {
                namesColumns = true;
                columns = table.ReadColumns(ref reader);
            }
            else if (isData && reader.TokenType == JsonTokenType.StartArray)
            {
                data = (int)reader.TokenStartIndex;
                reader.Skip();
            }
            else if (isData)
            {
                table.Problems.Add("dataframe_split.data", $"The data is an array of rows, not {TableBuilder.Describe(reader.TokenType)}.");
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        if (!namesColumns)
        {
            table.Problems.Add("dataframe_split.columns", "The columns are required: the feature names, in the order of each row's values.");
        }

        if (data < 0 && table.Problems.Count == 0)
        {
            table.Problems.Add("dataframe_split.data", "The data is required: an array of rows, each an array of values.");
        }

        if (table.Problems.Count > 0)
        {
            return;
        }

        ReadSplitData(split[data..], columns!, table);
    }

    private static void ReadSplitData(ReadOnlySpan<byte> array, int[] columns, TableBuilder table)
    {
        var reader = new Utf8JsonReader(array, ReaderOptions);
        reader.Read();
        for (var row = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; row++)
        {
            if (!table.BeginRow(row))
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                table.Problems.Add($"rows[{row}]", $"A row is an array of values in the order of the columns, not {TableBuilder.Describe(reader.TokenType)}.");
                reader.Skip();
                continue;
            }

            var values = 0;
            for (; reader.Read() && reader.TokenType != JsonTokenType.EndArray; values++)
            {
                if (values < columns.Length && columns[values] >= 0)
                {
                    table.ReadValue(ref reader, columns[values], row);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (values != columns.Length)
            {
                table.Problems.Add($"rows[{row}]", $"The row has {values} values, but the columns name {columns.Length}.");
            }

            if (row == 0)
            {
                table.Reserve(EstimateRows(array.Length, reader.BytesConsumed));
            }
        }
    }

    /// <summary>How many rows an array probably holds, judged by the bytes its first row took (with a margin).</summary>
    private static int EstimateRows(int arrayBytes, long firstRowBytes) =>
        (int)Math.Min(int.MaxValue, arrayBytes * 1.1 / Math.Max(firstRowBytes, 1)) + 1;
}