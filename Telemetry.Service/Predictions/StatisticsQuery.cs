namespace MlOps.Telemetry.Service.Predictions;

/// <summary>One model's predictions served in [From, To), optionally one version's, in buckets of <see cref="Interval"/>.</summary>
public sealed record StatisticsQuery(string Model, int? Version, DateTimeOffset From, DateTimeOffset To, StatisticsInterval Interval);

/// <summary>A bucket length; buckets start on UTC hours or UTC midnights.</summary>
public sealed record StatisticsInterval(string Name, TimeSpan Length)
{
    public const string Rule = "The interval is hour or day.";

    public static readonly StatisticsInterval Hour = new("hour", TimeSpan.FromHours(1));
    public static readonly StatisticsInterval Day = new("day", TimeSpan.FromDays(1));

    public static StatisticsInterval? Parse(string? name) => name switch
    {
        null or "" or "hour" => Hour,
        "day" => Day,
        _ => null,
    };
}