using System.Globalization;

namespace MlOps.Console.Api.Monitoring;

/// <summary>A drift series' bins as a chart shows them: one label per bin, and each histogram as shares of its rows.</summary>
public static class DriftBins
{
    public const string Other = "other";

    /// <summary>
    /// "low–high" for numeric bins; the category, then <see cref="Other"/>, for categorical ones; a bin's number when
    /// the series names neither.
    /// </summary>
    public static IReadOnlyList<string> Labels(SeriesDrift series)
    {
        var count = Math.Max(series.Reference.Count, series.Current.Count);
        if (series.Edges is { } edges && edges.Count == count + 1)
        {
            return [.. Enumerable.Range(0, count).Select(i => $"{Number(edges[i])}–{Number(edges[i + 1])}")];
        }

        if (series.Categories is { } categories)
        {
            return [.. Enumerable.Range(0, count).Select(i => i < categories.Count ? categories[i] : Other)];
        }

        return [.. Enumerable.Range(1, count).Select(i => $"bin {i}")];
    }

    /// <summary>Each bin's count as a percentage of the histogram's rows, so a reference and a window of different sizes compare.</summary>
    public static IReadOnlyList<double> Percentages(IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(count => total == 0 ? 0 : 100.0 * count / total)];
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}