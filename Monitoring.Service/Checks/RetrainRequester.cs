using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Policies;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.Monitoring.Service.Checks;

/// <summary>
/// Asks Training for a retrain: the retrain is recorded (the policy's cooldown and daily budget count from these
/// records), published as <see cref="RetrainRequested"/> through the outbox and audited, all in one transaction.
/// </summary>
public sealed class RetrainRequester(NpgsqlDataSource dataSource, PolicyStore policies, TimeProvider time)
{
    public const string DriftTrigger = "drift";
    public const string OperatorTrigger = "operator";

    /// <summary>
    /// An operator's retrain, on the policy's dataset and production rows. It is not held back by the policy's cooldown
    /// or daily budget, but counts in them for the retrains drift asks for.
    /// </summary>
    public async Task<RetrainRequested> RequestAsync(string tenant, string model, string reason, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(tenant, model, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ModelLock.TakeAsync(connection, transaction, tenant, model, cancellationToken);
        var request = await AddAsync(
            connection, transaction, tenant, model, policy, reason, policy.ProductionSince, report: null, alertId: null, time.GetUtcNow(),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        MonitoringMetrics.RetrainRequested(tenant, model, OperatorTrigger);
        return request;
    }

    /// <summary>
    /// Records, publishes and audits a retrain in the caller's transaction, which should hold the <see cref="ModelLock"/>.
    /// </summary>
    /// <param name="report">The drift report that called for it, if any.</param>
    public static async Task<RetrainRequested> AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string model, MonitoringPolicy policy, string reason,
        DateTimeOffset? productionSince, DriftReport? report, Guid? alertId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = new RetrainRequested(
            model, reason, report?.Id, alertId, productionSince, now, tenant, Guid.CreateVersion7(now), policy.Dataset, policy.DatasetVersion,
            policy.EvaluationFraction);
        await RetrainStore.AddAsync(connection, transaction, request, cancellationToken);
        await Outbox.EnqueueAsync(connection, transaction, request, cancellationToken);
        await AuditLog.WriteAsync(connection, transaction, tenant, model, "retrain_requested", reason,
            alertId: alertId, reportId: report?.Id, retrainId: request.RequestId, version: report?.Version, cancellationToken: cancellationToken);
        return request;
    }
}