using System.Globalization;

using MlOps.Console.Components.Charts;

namespace MlOps.Console.Api.Telemetry;

/// <summary>A statistics report's served traffic as chart series and table rows.</summary>
public static class StatisticsSeries
{
    /// <summary>The classes of the whole window, most frequent first, ties by name.</summary>
    public static IReadOnlyList<string> Classes(StatisticsReport report) =>
        [.. report.Total.Served.PerClass.OrderByDescending(count => count.Value).ThenBy(count => count.Key, StringComparer.Ordinal).Select(count => count.Key)];

    /// <summary>One line per class: its predictions in each bucket (0 where a bucket has none), X in Unix seconds.</summary>
    public static IReadOnlyList<ChartSeries> PerClass(StatisticsReport report) =>
        [.. Classes(report).Select(name => new ChartSeries(name,
            [.. report.Buckets.Select(bucket => new ChartPoint(bucket.Start.ToUnixTimeSeconds(), bucket.Served.PerClass.GetValueOrDefault(name)))]))];

    /// <summary>The <paramref name="count"/> most frequent classes and their predictions over the window.</summary>
    public static (IReadOnlyList<string> Classes, BarSeries Predictions) TopClasses(StatisticsReport report, int count)
    {
        var top = Classes(report).Take(count).ToList();
        return (top, new BarSeries("Predictions", [.. top.Select(name => (double)report.Total.Served.PerClass[name])]));
    }

    /// <summary>The confidence histogram's bins, "0.0–0.1" to "0.9–1.0".</summary>
    public static IReadOnlyList<string> ConfidenceBins(int bins) =>
        [.. Enumerable.Range(0, bins).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(double)i / bins:0.0}–{(double)(i + 1) / bins:0.0}"))];

    /// <summary>The share of answered predictions that have ground truth; null without traffic.</summary>
    public static double? LabelledShare(TrafficStatistics traffic) =>
        traffic.Requests == 0 ? null : (double)traffic.Labelled / traffic.Requests;
}