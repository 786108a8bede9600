using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace MlOps.Telemetry.Service.EventStreams;

/// <summary>
/// Splits a body holding one JSON object or an array of objects into its events, refusing anything
/// PostgreSQL's jsonb would reject later (invalid UTF-8, <c>\u0000</c>, lone surrogates, numbers out of
/// range), so that a request is either stored whole or refused whole with a reason.
/// </summary>
public static class EventBatchParser
{
    private const string Body = "body";
    private const int MaxExponent = 1000;

    public static (EventBatch? Batch, EventBatchError? Error) Parse(ReadOnlyMemory<byte> body, int maxEvents)
    {
        var span = body.Span;
        if (span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Fail(Body, "The body is empty: send one JSON object or an array of JSON objects.");
        }

        if (!Utf8.IsValid(span))
        {
            return Fail(Body, "The body is not valid UTF-8.");
        }

        var events = new List<Range>();
        var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var objectStart = (int)reader.TokenStartIndex;
                    if (ReadObject(ref reader, Body) is { } objectError)
                    {
                        return (null, objectError);
                    }

                    events.Add(objectStart..(int)reader.BytesConsumed);
                    break;
                case JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var field = $"{Body}[{events.Count}]";
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            return Fail(field, $"Element {events.Count} is {Describe(reader.TokenType)}; every event must be a JSON object.");
                        }

                        if (events.Count == maxEvents)
                        {
                            return (null, new EventBatchError(StatusCodes.Status413PayloadTooLarge, Body,
                                $"A request may carry at most {maxEvents} events."));
                        }

                        var start = (int)reader.TokenStartIndex;
                        if (ReadObject(ref reader, field) is { } elementError)
                        {
                            return (null, elementError);
                        }

                        events.Add(start..(int)reader.BytesConsumed);
                    }

                    if (events.Count == 0)
                    {
                        return Fail(Body, "The array holds no events.");
                    }

                    break;
                default:
                    return Fail(Body, $"The body is {Describe(reader.TokenType)}; send one JSON object or an array of JSON objects.");
            }

            // Anything after the first value (a second object, stray text) makes the reader throw here.
            reader.Read();
        }
        catch (JsonException ex)
        {
            return Fail(Body, $"Malformed JSON: {ex.Message}");
        }

        return (new EventBatch(body, events), null);
    }

    // Walks one object to its end, checking every string and number on the way.
    private static EventBatchError? ReadObject(ref Utf8JsonReader reader, string field)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.EndObject when reader.CurrentDepth == depth:
                    return null;
                case JsonTokenType.String or JsonTokenType.PropertyName when reader.ValueIsEscaped:
                    if (CheckEscapedString(ref reader) is { } stringProblem)
                    {
                        return new EventBatchError(StatusCodes.Status400BadRequest, field, stringProblem);
                    }

                    break;
                case JsonTokenType.Number when !IsStorableNumber(reader.ValueSpan):
                    return new EventBatchError(StatusCodes.Status400BadRequest, field,
                        $"The number {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} is out of range.");
            }
        }

        return null;
    }

    private static string? CheckEscapedString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!.Contains('\0', StringComparison.Ordinal)
                ? "A string contains \\u0000, which cannot be stored."
                : null;
        }
        catch (InvalidOperationException)
        {
            return "A string contains an invalid Unicode escape (a lone surrogate).";
        }
    }

    private static bool IsStorableNumber(ReadOnlySpan<byte> number)
    {
        var exponentAt = number.IndexOfAny((byte)'e', (byte)'E');
        if (exponentAt < 0)
        {
            return number.Length <= MaxExponent;
        }

        return int.TryParse(number[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            && Math.Abs(exponent) <= MaxExponent;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "not a JSON object",
    };

    private static (EventBatch?, EventBatchError?) Fail(string field, string message) =>
        (null, new EventBatchError(StatusCodes.Status400BadRequest, field, message));
}