using System.Globalization;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Policies;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.Monitoring.Service.Checks;

/// <summary>
/// Runs a drift check and acts on it in one transaction: stores the report, opens, keeps or resolves alerts (each
/// opened one announced as <c>DriftDetected</c>), and asks for a retrain when a broken <c>retrain</c> rule and the
/// policy's budget allow one. Events go through the outbox, so none is lost with the broker down.
/// </summary>
public sealed class DriftChecker(
    NpgsqlDataSource dataSource,
    ReferenceStore references,
    CountStore counts,
    FeedbackStore feedback,
    PolicyStore policies,
    TelemetryClient telemetry,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<DriftChecker> logger)
{
    /// <summary>The check's report, or null when the version is unknown to the registry.</summary>
    public async Task<DriftReport?> CheckAsync(
        string tenant, string model, int version, DateTimeOffset? from, DateTimeOffset? to, string trigger, CancellationToken cancellationToken)
    {
        var reference = await references.GetAsync(tenant, model, version, cancellationToken);
        if (reference is null)
        {
            return null;
        }

        var policy = await policies.GetAsync(tenant, model, cancellationToken);
        var now = time.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end - TimeSpan.FromSeconds(policy.WindowSeconds);
        var window = await counts.ReadAsync(tenant, model, version, options.Value.BucketOf(start), end, cancellationToken);
        var labels = await feedback.WindowAsync(tenant, model, version, start, end, cancellationToken);
        var report = DriftAnalysis.Analyse(Guid.CreateVersion7(now), trigger, reference, version, window, labels, policy, start, end, now);
        var rules = policy.EffectiveRules;
        var errorRate = rules.Any(rule => rule.Metric == "error_rate") ? await telemetry.ErrorRateAsync(tenant, model, start, end, cancellationToken) : null;
        var outcomes = RuleEvaluation.Evaluate(rules, report, errorRate);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ModelLock.TakeAsync(connection, transaction, tenant, model, cancellationToken);
        await ReportStore.SaveAsync(tenant, report, connection, transaction, cancellationToken);
        var openedRules = new List<string>();
        RuleOutcome? retrainCause = null;
        Alert? retrainAlert = null;
        foreach (var outcome in outcomes)
        {
            if (outcome.Broken)
            {
                var (alert, opened) = await AlertStore.RaiseAsync(connection, transaction, tenant, model, outcome.Rule, outcome.Value!.Value, report.Id, now, cancellationToken);
                if (opened)
                {
                    openedRules.Add(outcome.Rule.Metric);
                    await Outbox.EnqueueAsync(connection, transaction, new DriftDetected(
                        model, version, report.Id, alert.Id, outcome.Rule.Key, outcome.Value.Value, outcome.Rule.Threshold, now, tenant), cancellationToken);
                    await AuditLog.WriteAsync(connection, transaction, tenant, model, "alert_opened",
                        $"{outcome.Rule.Key}: {Format(outcome.Value.Value)} on version {version}",
                        alertId: alert.Id, reportId: report.Id, version: version, cancellationToken: cancellationToken);
                }

                if (outcome.Rule.Action == "retrain" && retrainCause is null)
                {
                    (retrainCause, retrainAlert) = (outcome, alert);
                }
            }
            else if (outcome.Value is { } value
                && await AlertStore.ResolveAsync(connection, transaction, tenant, model, outcome.Rule, value, report.Id, now, cancellationToken) is { } resolved)
            {
                await AuditLog.WriteAsync(connection, transaction, tenant, model, "alert_resolved",
                    $"{outcome.Rule.Key}: {Format(value)} on version {version}", alertId: resolved, reportId: report.Id, version: version,
                    cancellationToken: cancellationToken);
            }
        }

        var retrained = retrainCause is not null && policy.AutoRetrain
            && await RequestRetrainIfDueAsync(connection, transaction, tenant, model, policy, report, retrainCause, retrainAlert!, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        MonitoringMetrics.CheckRun(tenant, report);
        foreach (var metric in openedRules)
        {
            MonitoringMetrics.AlertRaised(tenant, model, metric);
        }

        if (retrained)
        {
            MonitoringMetrics.RetrainRequested(tenant, model, RetrainRequester.DriftTrigger);
        }

        return report;
    }

    /// <summary>Asks for a retrain when the policy's budget and labels allow one; returns whether it did.</summary>
    private async Task<bool> RequestRetrainIfDueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string model, MonitoringPolicy policy,
        DriftReport report, RuleOutcome cause, Alert alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (last, inLastDay) = await RetrainStore.RecentAsync(connection, transaction, tenant, model, now, cancellationToken);
        // Production data counts from when the alert opened: rows of the changed world, not of the one before it.
        var since = policy.ProductionSince ?? alert.OpenedAt;
        string? refusal = null;
        if (inLastDay >= policy.MaxRetrainsPerDay)
        {
            refusal = $"{inLastDay} retrains in the last day, the most the policy allows";
        }
        else if (last is { } previous && previous + TimeSpan.FromSeconds(policy.CooldownSeconds) > now)
        {
            refusal = $"cooling down until {(previous + TimeSpan.FromSeconds(policy.CooldownSeconds)).ToString("O", CultureInfo.InvariantCulture)}";
        }
        else if (await feedback.LabelledSinceAsync(tenant, model, Later(last, since), cancellationToken) is var labelled
            && labelled < policy.MinLabeledRows)
        {
            refusal = $"{labelled} new labelled rows, fewer than the {policy.MinLabeledRows} the policy needs";
        }

        if (refusal is not null)
        {
            logger.LogInformation("No retrain of {Model} for {Rule}: {Refusal}", model, cause.Rule.Key, refusal);
            return false;
        }

        await RetrainRequester.AddAsync(
            connection, transaction, tenant, model, policy, $"{cause.Rule.Key}: {Format(cause.Value!.Value)} in report {report.Id}",
            since, report, alert.Id, now, cancellationToken);
        return true;
    }

    private static DateTimeOffset Later(DateTimeOffset? first, DateTimeOffset second) => first > second ? first.Value : second;

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}