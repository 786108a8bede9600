using System.Globalization;

using MlOps.Console.Api.Training;
using MlOps.Console.Components.Charts;

namespace MlOps.Console.Runs;

/// <summary>What the compare page draws: a metric's history per run, and a hyper-parameter against a metric.</summary>
public static class RunComparison
{
    public const int MaxRuns = 12;

    /// <summary>The run ids of <c>?ids=a,b,c</c> (or <c>?ids=a&amp;ids=b</c>), each once, in order; the ones that are not ids apart.</summary>
    public static (IReadOnlyList<Guid> Ids, IReadOnlyList<string> Invalid) ParseIds(IEnumerable<string>? values)
    {
        var ids = new List<Guid>();
        var invalid = new List<string>();
        foreach (var text in (values ?? []).SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Guid.TryParse(text, out var id))
            {
                invalid.Add(text);
            }
            else if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return (ids, invalid);
    }

    /// <summary>A run's name with the end of its id: trials of different jobs share names.</summary>
    public static string Label(TrackedRun run) => $"{run.Name} ({run.Id.ToString("N")[^6..]})";

    /// <summary>One line per run, over steps; a run that never logged the metric has no line.</summary>
    public static IReadOnlyList<ChartSeries> HistorySeries(IReadOnlyList<(TrackedRun Run, MetricHistory? History)> histories) =>
    [
        .. histories
            .Where(entry => entry.History is { Points.Count: > 0 })
            .Select(entry => new ChartSeries(Label(entry.Run), [.. entry.History!.Points.Select(point => new ChartPoint(point.Step, point.Value))])),
    ];

    /// <summary>The metric to show when none is chosen: the first of the usual ones the runs share, else the first they have.</summary>
    public static string? DefaultMetric(IReadOnlyList<TrackedRun> runs)
    {
        var keys = runs.SelectMany(run => run.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new[] { "auc", "accuracy", "rmse", "r2" }.FirstOrDefault(keys.Contains) ?? keys.FirstOrDefault();
    }

    /// <summary>The parameter to show when none is chosen: one whose value differs between runs, the most shared and numeric first.</summary>
    public static string? DefaultParam(IReadOnlyList<TrackedRun> runs)
    {
        var keys = runs.SelectMany(run => run.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return keys
            .Select(key => (Key: key, Values: runs.Select(run => run.Params.GetValueOrDefault(key)).OfType<string>().ToList()))
            .OrderByDescending(entry => entry.Values.Distinct(StringComparer.Ordinal).Count() > 1)
            .ThenByDescending(entry => entry.Values.Count)
            .ThenByDescending(entry => entry.Values.All(IsNumber))
            .Select(entry => entry.Key)
            .FirstOrDefault();
    }

    /// <summary>
    /// The runs' points of <paramref name="param"/> against <paramref name="metric"/>. A parameter with a value that is not a
    /// number is categorical: each value gets a position, in order, and <see cref="ParamAxis.Categories"/> names them.
    /// </summary>
    public static ParamAxis ParamPoints(IReadOnlyList<IReadOnlyList<TrackedRun>> groups, string param, string metric)
    {
        var values = groups.SelectMany(runs => runs).Select(run => run.Params.GetValueOrDefault(param)).OfType<string>().ToList();
        var categories = values.All(IsNumber) ? null : values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var points = groups.Select(runs => (IReadOnlyList<ChartPoint>)
        [
            .. runs
                .Where(run => run.Params.ContainsKey(param) && run.Metrics.ContainsKey(metric))
                .Select(run => new ChartPoint(
                    categories is null ? double.Parse(run.Params[param], CultureInfo.InvariantCulture) : categories.IndexOf(run.Params[param]),
                    run.Metrics[metric])),
        ]).ToList();
        return new ParamAxis(points, categories);
    }

    private static bool IsNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);
}