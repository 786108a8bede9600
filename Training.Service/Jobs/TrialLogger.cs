using System.Globalization;

using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.Learning;
using MlOps.Training.Service.Tracking;

namespace MlOps.Training.Service.Jobs;

/// <summary>Records each trial of a job as a finished run of the model's experiment: params, mean and per-fold metrics.</summary>
public sealed class TrialLogger(TrackingStore tracking, TrainingJob job, string datasetReference)
{
    private readonly Dictionary<int, Guid> _runs = [];

    public Guid RunOf(int trial) => _runs[trial];

    public async Task LogAsync(TrialResult trial, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string> { ["mlops.job"] = job.Id.ToString(), ["mlops.trainer"] = trial.Trainer };
        var run = await tracking.CreateRunAsync(job.Tenant, job.Model, $"{job.Model}-trial-{trial.Number}", tags, cancellationToken)
            ?? throw new InvalidOperationException($"The experiment '{job.Model}' could not take a run.");
        _runs[trial.Number] = run.Id;

        var parameters = trial.HyperParameters.Values
            .Select(pair => new KeyValue(pair.Key, pair.Value.ToString(CultureInfo.InvariantCulture)))
            .Append(new KeyValue("trainer", trial.Trainer))
            .Append(new KeyValue("folds", job.Spec.Folds.ToString(CultureInfo.InvariantCulture)))
            .Append(new KeyValue("dataset", datasetReference))
            .ToList();
        var metrics = trial.MeanMetrics.Select(pair => new MetricInput(pair.Key, pair.Value))
            .Concat(trial.FoldMetrics.SelectMany((fold, index) => fold.Select(pair => new MetricInput($"{pair.Key}_fold", pair.Value, index + 1))))
            .Where(metric => double.IsFinite(metric.Value!.Value))
            .ToList();
        var errorTags = trial.Error is null ? null : new List<KeyValue> { new("mlops.error", Truncate(trial.Error)) };
        await tracking.LogBatchAsync(job.Tenant, run.Id, new LogBatch(parameters, metrics, errorTags), cancellationToken);
        await tracking.SetRunStatusAsync(job.Tenant, run.Id, trial.Error is null ? "finished" : "failed", null, cancellationToken);
    }

    /// <summary>Adds the winner's held-out evaluation to its run and marks it as the job's best.</summary>
    public async Task LogHeldOutAsync(Guid run, Evaluation heldOut, CancellationToken cancellationToken)
    {
        var metrics = heldOut.Metrics.Where(pair => double.IsFinite(pair.Value)).Select(pair => new MetricInput($"test_{pair.Key}", pair.Value)).ToList();
        var tags = new List<KeyValue> { new("mlops.best", "true") };
        if (heldOut.Confusion is { } confusion)
        {
            tags.Add(new KeyValue("mlops.confusion", Truncate(System.Text.Json.JsonSerializer.Serialize(confusion.Counts))));
        }

        await tracking.LogBatchAsync(job.Tenant, run, new LogBatch(Metrics: metrics, Tags: tags), cancellationToken);
    }

    private static string Truncate(string value) => value.Length <= 8000 ? value : value[..8000];
}