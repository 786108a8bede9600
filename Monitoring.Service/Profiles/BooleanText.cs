namespace MlOps.Monitoring.Service.Profiles;

/// <summary>
/// Boolean values as training reads them (true/false/yes/no, any case): a boolean column's profile keeps the raw
/// spellings, while a model answers and is fed "true" and "false".
/// </summary>
public static class BooleanText
{
    public static string? Normalize(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("yes", StringComparison.OrdinalIgnoreCase) ? "true"
            : trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("no", StringComparison.OrdinalIgnoreCase) ? "false"
            : null;
    }

    /// <summary>A boolean column's categories as "false" and "true", their counts summed over every spelling.</summary>
    public static IReadOnlyList<long> Counts(IEnumerable<(string Value, long Count)> frequencies)
    {
        long no = 0, yes = 0;
        foreach (var (value, count) in frequencies)
        {
            switch (Normalize(value))
            {
                case "true": yes += count; break;
                case "false": no += count; break;
            }
        }

        return [no, yes];
    }
}