using System.Globalization;
using System.Text.Json;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// What PostgreSQL's text and jsonb refuse in parsed JSON (<c>\u0000</c>, lone surrogates, numbers with huge
/// exponents), found before anything is written so a request is refused with a reason instead of failing later.
/// </summary>
public static class StorableJson
{
    public const string NullCharacter = "A string contains \\u0000, which cannot be stored.";
    public const string LoneSurrogate = "A string contains an invalid Unicode escape (a lone surrogate).";
    private const int MaxExponent = 1000;

    /// <summary>Why <paramref name="value"/>, with everything inside it, cannot be stored; null when it can.</summary>
    public static string? Problem(JsonElement value)
    {
        try
        {
            return Walk(value);
        }
        catch (InvalidOperationException)
        {
            return LoneSurrogate;
        }
    }

    /// <summary>The string's text, or null with <paramref name="problem"/> saying why it cannot be stored.</summary>
    public static string? Text(JsonElement value, out string? problem)
    {
        problem = Problem(value);
        return problem is null ? value.GetString() : null;
    }

    private static string? Walk(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Name.Contains('\0', StringComparison.Ordinal))
                    {
                        return NullCharacter;
                    }

                    if (Walk(property.Value) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (Walk(item) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.String:
                return value.GetString()!.Contains('\0', StringComparison.Ordinal) ? NullCharacter : null;
            case JsonValueKind.Number:
                return IsStorableNumber(value.GetRawText()) ? null : $"The number {value.GetRawText()} is out of range.";
            default:
                return null;
        }
    }

    private static bool IsStorableNumber(string number)
    {
        var exponentAt = number.AsSpan().IndexOfAny('e', 'E');
        if (exponentAt < 0)
        {
            return number.Length <= MaxExponent;
        }

        return int.TryParse(number.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            && Math.Abs(exponent) <= MaxExponent;
    }
}