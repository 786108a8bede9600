using System.Globalization;

using MlOps.Console.Api.Training;

namespace MlOps.Console.Runs;

/// <summary>A column of the runs table, named as the filter grammar names it: <c>params.trainer</c>, <c>metrics.auc</c>, <c>tags.x</c>, <c>attributes.status</c>.</summary>
public sealed record RunColumn(string Entity, string Key)
{
    public const string Params = "params";
    public const string Metrics = "metrics";
    public const string Tags = "tags";
    public const string Attributes = "attributes";
    public const string Rule = "A column is params.<key>, metrics.<key>, tags.<key> or attributes.<status, start_time, end_time, run_name or run_id>.";

    private static readonly string[] AttributeKeys = ["status", "start_time", "end_time", "run_name", "run_id"];

    public string Name => $"{Entity}.{Key}";

    public bool IsNumeric => Entity == Metrics;

    /// <summary>The name as the API's grammar reads it: a key holding a space, quote, comma or operator is quoted.</summary>
    public string GrammarName => Key.AsSpan().IndexOfAny(" \t=!<>'\",") >= 0 ? $"{Entity}.`{Key}`" : Name;

    public static bool TryParse(string? text, out RunColumn column)
    {
        column = null!;
        var trimmed = text?.Trim() ?? string.Empty;
        var dot = trimmed.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == trimmed.Length - 1)
        {
            return false;
        }

        var entity = trimmed[..dot].ToLowerInvariant() switch
        {
            "params" or "param" => Params,
            "metrics" or "metric" => Metrics,
            "tags" or "tag" => Tags,
            "attributes" or "attribute" or "attr" => Attributes,
            _ => null,
        };
        var key = trimmed[(dot + 1)..].Trim('`');
        if (entity is null || key.Length == 0 || (entity == Attributes && !AttributeKeys.Contains(key)))
        {
            return false;
        }

        column = new RunColumn(entity, key);
        return true;
    }

    /// <summary>The columns of a comma-separated list, each once, and the names that are not columns.</summary>
    public static (IReadOnlyList<RunColumn> Columns, IReadOnlyList<string> Unknown) ParseList(string? cols)
    {
        var columns = new List<RunColumn>();
        var unknown = new List<string>();
        foreach (var name in (cols ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(name, out var column))
            {
                unknown.Add(name);
            }
            else if (!columns.Contains(column))
            {
                columns.Add(column);
            }
        }

        return (columns, unknown);
    }

    /// <summary>Without a choice: the trainer, then the metrics every trial reports (not their per-fold or held-out variants).</summary>
    public static IReadOnlyList<RunColumn> Defaults(IReadOnlyList<TrackedRun> runs, int maxMetrics = 6)
    {
        var columns = new List<RunColumn>();
        if (runs.Any(run => run.Params.ContainsKey("trainer")))
        {
            columns.Add(new RunColumn(Params, "trainer"));
        }

        columns.AddRange(runs.SelectMany(run => run.Metrics.Keys)
            .Where(key => !key.Contains('_', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Take(maxMetrics)
            .Select(key => new RunColumn(Metrics, key)));
        return columns;
    }

    /// <summary>Every column the runs have, for the column picker.</summary>
    public static IReadOnlyList<RunColumn> Available(IReadOnlyList<TrackedRun> runs) =>
    [
        .. runs.SelectMany(run => run.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(key => new RunColumn(Params, key)),
        .. runs.SelectMany(run => run.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(key => new RunColumn(Metrics, key)),
        .. runs.SelectMany(run => run.Tags.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(key => new RunColumn(Tags, key)),
    ];

    /// <summary>The run's value in this column: a number for a metric, text otherwise, null when the run has none.</summary>
    public object? ValueOf(TrackedRun run) => Entity switch
    {
        Metrics => run.Metrics.TryGetValue(Key, out var metric) ? metric : null,
        Params => run.Params.GetValueOrDefault(Key),
        Tags => run.Tags.GetValueOrDefault(Key),
        _ => Key switch
        {
            "status" => run.Status,
            "start_time" => run.StartTime,
            "end_time" => run.EndTime,
            "run_name" => run.Name,
            _ => run.Id.ToString(),
        },
    };

    public string Display(TrackedRun run) => ValueOf(run) switch
    {
        null => "—",
        double number => number.ToString("0.####", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        var value => value.ToString() ?? string.Empty,
    };
}