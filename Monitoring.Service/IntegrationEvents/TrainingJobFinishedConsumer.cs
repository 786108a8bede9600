using System.Globalization;

using MassTransit;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.Monitoring.Service.IntegrationEvents;

/// <summary>
/// Closes the loop for the retrains this service asked for: records the job's outcome and the challenger's
/// comparison with the champion, then promotes the challenger when the policy auto-promotes and the margin is met,
/// or leaves it challenger (in shadow when the policy says so). Every decision is audited with its cause. Jobs this
/// service did not ask for are ignored.
/// </summary>
public sealed class TrainingJobFinishedConsumer(NpgsqlDataSource dataSource, PolicyStore policies, RegistryClient registry)
    : IdempotentConsumer<TrainingJobFinished>(dataSource)
{
    public const string Queue = "monitoring-training-job-finished";

    protected override async Task HandleAsync(
        ConsumeContext<TrainingJobFinished> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var finished = context.Message;
        if (finished.RetrainRequestId is null
            || await RetrainStore.FinishAsync(connection, transaction, finished, context.CancellationToken) is not { } retrain)
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        var (tenant, model) = (finished.Tenant, finished.Model);
        Task Audit(string action, string detail) => AuditLog.WriteAsync(connection, transaction, tenant, model, action, detail,
            retrain.AlertId, retrain.ReportId, retrain.Id, finished.JobId, finished.RegisteredVersion, cancellationToken);

        if (finished.Status != "succeeded" || finished.RegisteredVersion is not { } version)
        {
            await Audit("retrain_failed", $"The job ended {finished.Status}: {string.Join("; ", finished.Reasons)}");
            return;
        }

        await Audit("challenger_registered", $"Version {version} registered as challenger by job {finished.JobId}");
        var policy = await policies.GetAsync(tenant, model, cancellationToken);
        if (finished.Comparison is not { } comparison)
        {
            await Audit("challenger_kept", "No comparison with the champion came with the job; the champion stays");
            return;
        }

        var compared = string.Create(CultureInfo.InvariantCulture,
            $"{comparison.Metric} {comparison.ChallengerValue:0.####} against the champion's (version {comparison.ChampionVersion}) {comparison.ChampionValue:0.####} on {comparison.Rows} held-out production rows, margin {comparison.Margin:0.####}{(comparison.PValue is { } p ? $", McNemar p {p:0.####}" : "")}");
        await Audit("challenger_evaluated", compared);
        if (policy.AutoPromote && comparison.Rows > 0 && comparison.Margin >= policy.PromotionMargin)
        {
            await registry.PromoteAsync(tenant, model, version, $"retrain {retrain.Id}: {compared}", cancellationToken);
            await Audit("promoted", string.Create(CultureInfo.InvariantCulture,
                $"Version {version} promoted to champion: margin {comparison.Margin:0.####} meets the policy's {policy.PromotionMargin:0.####}"));
            return;
        }

        var why = policy.AutoPromote
            ? string.Create(CultureInfo.InvariantCulture, $"margin {comparison.Margin:0.####} is below the policy's {policy.PromotionMargin:0.####}")
            : "the policy does not auto-promote";
        if (policy.ChallengerMode == "shadow")
        {
            await registry.SetDeploymentModeAsync(tenant, model, "shadow", $"retrain {retrain.Id}: challenger kept in shadow", cancellationToken);
        }

        await Audit("challenger_kept", $"Version {version} stays challenger{(policy.ChallengerMode == "shadow" ? " in shadow" : "")}: {why}");
    }
}