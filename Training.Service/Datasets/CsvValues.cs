using System.Globalization;

namespace MlOps.Training.Service.Datasets;

/// <summary>How a CSV cell is read: what counts as missing, as a number, as a boolean.</summary>
public static class CsvValues
{
    /// <summary>Empty, <c>NA</c>, <c>NaN</c> and <c>null</c> (any case, surrounding whitespace ignored) are missing values.</summary>
    public static bool IsMissing(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        return trimmed.IsEmpty
            || trimmed.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("null", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A finite double in the invariant culture; infinities are not numbers a model can use.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    public static bool IsBoolean(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        return trimmed.Equals("true", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("yes", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("no", StringComparison.OrdinalIgnoreCase);
    }
}