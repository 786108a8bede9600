using MlOps.Console.Components.Charts;

namespace MlOps.Console.Api.Monitoring;

/// <summary>Drift reports over time as chart lines; X is each report's creation in Unix seconds.</summary>
public static class DriftHistory
{
    /// <summary>The share of features drifted in each report that had enough rows to judge.</summary>
    public static IReadOnlyList<ChartSeries> DriftedShare(IEnumerable<DriftReport> reports)
    {
        var judged = reports.Where(report => !report.Dataset.InsufficientData).OrderBy(report => report.CreatedAt).ToList();
        return
        [
            new ChartSeries("Drifted share (%)", [.. judged.Select(report => new ChartPoint(X(report), 100 * report.Dataset.DriftedShare))]),
            new ChartSeries("Threshold (%)", [.. judged.Select(report => new ChartPoint(X(report), 100 * report.Dataset.ShareThreshold))]),
        ];
    }

    /// <summary>Live accuracy from feedback in each report that had enough labels, against the accuracy the version was trained to.</summary>
    public static IReadOnlyList<ChartSeries> Accuracy(IEnumerable<DriftReport> reports)
    {
        var measured = reports
            .Where(report => report.Concept is { Live: not null, Reference: not null })
            .OrderBy(report => report.CreatedAt)
            .ToList();
        return
        [
            new ChartSeries("Live (feedback)", [.. measured.Select(report => new ChartPoint(X(report), report.Concept.Live!.Value))]),
            new ChartSeries("Trained (held-out)", [.. measured.Select(report => new ChartPoint(X(report), report.Concept.Reference!.Value))]),
        ];
    }

    private static double X(DriftReport report) => report.CreatedAt.ToUnixTimeSeconds();
}