using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>ISO 8601 date-times as clients send them; without an offset a time is UTC.</summary>
public static partial class IsoTime
{
    public static bool TryParse(string value, out DateTimeOffset time)
    {
        time = default;
        // A date must lead: a bare time such as "13:00" is refused rather than read as today.
        return IsoDateStart().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDateStart();
}