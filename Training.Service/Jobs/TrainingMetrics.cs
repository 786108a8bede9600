using System.Diagnostics.Metrics;

using MlOps.ServiceDefaults.Telemetry;

namespace MlOps.Training.Service.Jobs;

/// <summary>Training's own instruments on the platform meter.</summary>
public static class TrainingMetrics
{
    // Jobs run from seconds to hours: the default buckets, made for milliseconds, would put most of them in the last one.
    private static readonly Histogram<double> JobDuration = MlOpsDiagnostics.Meter.CreateHistogram(
        "mlops.training.job.duration", "s", "How long a training job ran in this service, from its claim to its end, by final status.",
        tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400] });

    private static readonly Counter<long> JobsFinished = MlOpsDiagnostics.Meter.CreateCounter<long>(
        "mlops.training.jobs_finished", "{job}", "Training jobs run to an end, by final status: succeeded, rejected, failed or cancelled.");

    public static void JobFinished(string status, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("status", status);
        JobsFinished.Add(1, tag);
        JobDuration.Record(duration.TotalSeconds, tag);
    }
}