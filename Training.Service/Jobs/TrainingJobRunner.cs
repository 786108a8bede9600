using System.Globalization;
using System.Text.Json;

using Microsoft.Extensions.Options;
using Microsoft.ML;

using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Datasets;
using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.Learning;

namespace MlOps.Training.Service.Jobs;

/// <summary>
/// Runs one job: reads the dataset version, searches, logs every trial as a run, checks the quality gates, and
/// registers the winner as a model package. A retrain holds part of the production rows out of training and compares
/// the new version with the champion on them. Cancellation of the token stops it between folds.
/// </summary>
public sealed class TrainingJobRunner(
    DatasetStore datasets,
    Infrastructure.TrackingStore tracking,
    JobStore jobs,
    RegistryClient registry,
    TelemetryClient telemetry,
    ChallengerEvaluator challengers,
    IOptions<TrainingOptions> options)
{
    public async Task<(string Status, JobResult Result)> RunAsync(TrainingJob job, CancellationToken cancellationToken)
    {
        var spec = job.Spec;
        var versionNumber = spec.DatasetVersion ?? (await datasets.ListVersionsAsync(job.Tenant, spec.Dataset, cancellationToken)).Select(v => v.Version).DefaultIfEmpty(0).Max();
        var version = await datasets.GetVersionAsync(job.Tenant, spec.Dataset, versionNumber, cancellationToken);
        if (version is null)
        {
            return Failed($"Dataset '{spec.Dataset}' has no version {(spec.DatasetVersion?.ToString(CultureInfo.InvariantCulture) ?? "at all")}.");
        }

        await using var content = (await datasets.OpenContentAsync(job.Tenant, spec.Dataset, version.Version, cancellationToken))!;
        var table = await TrainingTableReader.ReadAsync(content, version.Schema, cancellationToken);
        var datasetReference = $"{version.Name}@{version.Version}";
        TrainingTable? evaluation = null;
        if (spec.IncludeProduction is { } production)
        {
            await using var labelled = await telemetry.OpenLabelledAsync(
                job.Tenant, production.Model, production.Since, version.Schema.Label.Name, cancellationToken);
            var served = await TrainingTableReader.ReadAsync(labelled, version.Schema, cancellationToken, featuresMayBeAbsent: true);
            var heldOut = "";
            if (spec.Retrain is { } retrain)
            {
                var (evaluationRows, trainingRows) = EvaluationSplit.Split(served.Rows, retrain.EvaluationFraction, spec.Seed);
                evaluation = served.TakeRows(evaluationRows);
                served = served.TakeRows(trainingRows);
                heldOut = $", {evaluation.Rows} held out";
            }

            table = table.Concat(served);
            datasetReference += $"+production:{production.Model}({served.Rows} rows{heldOut})";
        }

        var classes = table.Label.DistinctStrings();
        var task = spec.Task ?? (version.Schema.Label.Kind == FeatureKind.Numeric ? ModelTask.Regression
            : classes.Count == 2 ? ModelTask.Binary : ModelTask.Multiclass);
        if (TaskMismatch(task, version.Schema.Label.Kind, classes.Count) is { } mismatch)
        {
            return Failed(mismatch);
        }

        var trainers = new List<TrainerDefinition>();
        foreach (var name in spec.Trainers ?? [])
        {
            if (TrainerCatalog.Find(task, name) is not { } trainer)
            {
                return Failed($"The trainer '{name}' does not fit a {Name(task)} task.");
            }

            trainers.Add(trainer);
        }

        if (trainers.Count == 0)
        {
            trainers.AddRange(TrainerCatalog.For(task, nonNegativeLabel: task != ModelTask.Regression || table.Label.Numbers!.All(value => value >= 0)));
        }

        var metric = spec.Metric ?? Metrics.DefaultFor(task);
        if (!Metrics.For(task).Contains(metric))
        {
            return Failed($"The metric '{metric}' is not reported for a {Name(task)} task; use one of {string.Join(", ", Metrics.For(task))}.");
        }

        await tracking.GetOrCreateExperimentAsync(job.Tenant, job.Model, cancellationToken);
        var planned = TrialPlanner.Plan(trainers, spec.Strategy, spec.Trials, spec.Seed).Count;
        var logger = new TrialLogger(tracking, job, datasetReference);
        var done = 0;
        BestTrial? best = null;
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = new SearchRequest(task, trainers, spec.Strategy, spec.Trials, spec.Folds, metric, spec.TestFraction, spec.BalanceClasses, spec.Seed,
            Math.Max(1, options.Value.FoldParallelism));
        var outcome = await ModelSearch.RunAsync(table, request, async trial =>
        {
            await logger.LogAsync(trial, CancellationToken.None);
            done++;
            if (trial.Error is null && double.IsFinite(trial.MeanMetrics[metric])
                && (best is null || Metrics.IsBetter(metric, trial.MeanMetrics[metric], best.Value)))
            {
                best = new BestTrial(trial.Trainer, metric, trial.MeanMetrics[metric], logger.RunOf(trial.Number));
            }

            if (await jobs.ReportProgressAsync(job.Id, done, planned, best, CancellationToken.None))
            {
                await cancelled.CancelAsync();
            }
        }, cancelled.Token);

        var runId = logger.RunOf(outcome.Best.Number);
        await logger.LogHeldOutAsync(runId, outcome.HeldOut, cancellationToken);
        var reasons = QualityGates.Check(spec.Thresholds, outcome.HeldOut.Metrics);
        var result = new JobResult(null, reasons, Name(task), outcome.Best.Trainer, Finite(outcome.Best.MeanMetrics), Finite(outcome.HeldOut.Metrics), runId);
        if (reasons.Count > 0)
        {
            return (JobStatus.Rejected, result);
        }

        using var package = new MemoryStream();
        await WritePackageAsync(package, job, version, table, task, outcome, runId, cancellationToken);
        package.Position = 0;
        var registered = await registry.RegisterAsync(job.Tenant, job.CreatedBy, job.Model, package, cancellationToken);
        result = result with { RegisteredVersion = registered };
        if (spec.Retrain is { } details && evaluation is not null)
        {
            result = result with
            {
                Comparison = await challengers.EvaluateAsync(job, details, registered, task, evaluation, outcome, cancellationToken),
            };
        }

        return (JobStatus.Succeeded, result);
    }

    private static async Task WritePackageAsync(
        Stream destination, TrainingJob job, DatasetVersion version, TrainingTable table, ModelTask task, SearchOutcome outcome, Guid runId,
        CancellationToken cancellationToken)
    {
        using var model = new MemoryStream();
        new MLContext().Model.Save(outcome.Model, outcome.InputSchema, model);
        model.Position = 0;

        var features = version.Schema.Columns.Where(column => column.Name != version.Schema.Label.Name).Select(column =>
            new FeatureSchema(column.Name, column.Kind, column.Kind == FeatureKind.Categorical
                ? column.Categories ?? table.Features.Single(feature => feature.Name == column.Name).DistinctStrings()
                : null)).ToList();
        var manifest = new ModelManifest(
            1,
            job.Model,
            task,
            new LabelSchema(version.Schema.Label.Name, outcome.Classes),
            features,
            new ModelMetrics(Finite(outcome.Best.MeanMetrics), Finite(outcome.HeldOut.Metrics)),
            version.Profile,
            new TrainerSettings(outcome.Best.Trainer, outcome.Best.HyperParameters.Values.ToDictionary(
                pair => pair.Key, pair => JsonSerializer.SerializeToElement(pair.Value))),
            new ModelLineage(new DatasetReference(version.Name, version.Version, version.Sha256), job.Id, runId),
            DateTimeOffset.UtcNow);
        await ModelPackage.WriteAsync(destination, manifest, model, cancellationToken);
    }

    private static Dictionary<string, double> Finite(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Where(pair => double.IsFinite(pair.Value)).ToDictionary();

    private static string? TaskMismatch(ModelTask task, FeatureKind labelKind, int classes) => task switch
    {
        ModelTask.Regression when labelKind != FeatureKind.Numeric => "Regression needs a numeric label.",
        ModelTask.Binary when classes != 2 => $"A binary task needs exactly 2 label classes; the dataset has {classes}.",
        ModelTask.Multiclass when classes < 2 => "A multiclass task needs at least 2 label classes.",
        ModelTask.Binary or ModelTask.Multiclass when labelKind == FeatureKind.Numeric && classes > 1000 => "The label has too many classes.",
        _ => null,
    };

    private static string Name(ModelTask task) => task.ToString().ToLowerInvariant();

    private static (string, JobResult) Failed(string reason) => (JobStatus.Failed, new JobResult(null, [reason], null, null, null, null, null));
}