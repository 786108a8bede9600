using MassTransit;

using MlOps.Contracts.IntegrationEvents;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.Jobs;

using Npgsql;

namespace MlOps.Training.Service.IntegrationEvents;

/// <summary>
/// Queues the job a retrain request asks for: the champion's job again, with held-out production rows to compare the
/// new version with the champion. Each request id queues at most one job. A request that cannot be met queues
/// nothing and is answered with a failed <see cref="TrainingJobFinished"/> whose job id is empty.
/// </summary>
public sealed class RetrainRequestedConsumer(
    NpgsqlDataSource dataSource, JobStore jobs, RegistryClient registry, ILogger<RetrainRequestedConsumer> logger)
    : IdempotentConsumer<RetrainRequested>(dataSource)
{
    /// <summary>This service's own queue: other services consuming the same event have theirs.</summary>
    public const string Queue = "training-retrain-requested";

    /// <summary>Who the queued jobs are recorded as created by, and who the registry sees changing the model.</summary>
    public const string CreatedBy = "monitoring";

    protected override async Task HandleAsync(
        ConsumeContext<RetrainRequested> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var request = context.Message;
        var cancellationToken = context.CancellationToken;
        // A request without an id is named by its message id, which still keeps a redelivery from queueing twice.
        var requestId = request.RequestId ?? context.MessageId!.Value;
        if (!await JobStore.ClaimRetrainRequestAsync(connection, transaction, requestId, request.Tenant, request.Model, cancellationToken))
        {
            logger.LogInformation("Retrain request {Request} for model {Model} was already handled", requestId, request.Model);
            return;
        }

        var champion = await registry.GetChampionAsync(request.Tenant, request.Model, cancellationToken);
        var original = champion is { } version ? await FindChampionJobAsync(request, version, cancellationToken) : null;
        var (spec, problem) = RetrainSpec.Build(request, requestId, champion, original);
        if (spec is null)
        {
            logger.LogWarning("Retrain request {Request} for model {Model} cannot be met: {Problem}", requestId, request.Model, problem);
            await Outbox.EnqueueAsync(connection, transaction, new TrainingJobFinished(
                Guid.Empty, request.Model, JobStatus.Failed, null, [problem!], DateTimeOffset.UtcNow, request.Tenant, requestId), cancellationToken);
            return;
        }

        var job = await JobStore.CreateAsync(connection, transaction, request.Tenant, CreatedBy, spec, cancellationToken);
        logger.LogInformation("Retrain request {Request} for model {Model} queued training job {Job}", requestId, request.Model, job.Id);
    }

    private async Task<TrainingJobSpec?> FindChampionJobAsync(RetrainRequested request, int champion, CancellationToken cancellationToken) =>
        await registry.GetTrainingJobAsync(request.Tenant, request.Model, champion, cancellationToken) is { } jobId
            ? (await jobs.GetAsync(request.Tenant, jobId, cancellationToken))?.Spec
            : null;
}