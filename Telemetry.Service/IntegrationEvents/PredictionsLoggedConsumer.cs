using MassTransit;

using MlOps.Contracts.IntegrationEvents;
using MlOps.ServiceDefaults.Messaging;
using MlOps.Telemetry.Service.Infrastructure;

using Npgsql;

namespace MlOps.Telemetry.Service.IntegrationEvents;

/// <summary>
/// Stores the prediction blocks Inference publishes. A redelivered message is dropped by its id; a block published
/// again, or overlapping one already stored, stores each prediction id once.
/// </summary>
public sealed class PredictionsLoggedConsumer(NpgsqlDataSource dataSource, PredictionBlockStore store)
    : IdempotentConsumer<PredictionsLogged>(dataSource)
{
    /// <summary>This service's own queue: other services consuming the same event have theirs.</summary>
    public const string Queue = "telemetry-predictions-logged";

    protected override async Task HandleAsync(
        ConsumeContext<PredictionsLogged> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var appended = await store.AppendAsync(connection, transaction, context.Message.Rows, context.CancellationToken);
        // Counted before the inbox transaction commits: a batch whose commit fails is counted again when redelivered.
        TelemetryMetrics.PredictionsIngested(appended.Stored);
    }
}