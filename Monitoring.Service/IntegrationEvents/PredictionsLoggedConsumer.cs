using MassTransit;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.Monitoring.Service.IntegrationEvents;

/// <summary>
/// Counts each logged row into its version's reference bins per time bucket. A redelivered batch is dropped by its
/// message id, so each row is counted once. Rows of a version whose reference cannot be fetched now (the registry is
/// unreachable) wait in the database and are counted later; rows of a version the registry does not have are logged
/// and not counted, as there is nothing to compare them with.
/// </summary>
public sealed class PredictionsLoggedConsumer(
    NpgsqlDataSource dataSource, ReferenceStore references, IOptions<MonitoringOptions> options, ILogger<PredictionsLoggedConsumer> logger)
    : IdempotentConsumer<PredictionsLogged>(dataSource)
{
    public const string Queue = "monitoring-predictions-logged";

    protected override async Task HandleAsync(
        ConsumeContext<PredictionsLogged> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var counts = new Dictionary<BinKey, long>();
        var block = context.Message.Block(BlockParts.Inputs);
        IReadOnlyList<LoggedPrediction>? asRows = null;
        var groups = Enumerable.Range(0, block.Count).GroupBy(row => (block.Tenants[row], block.Models[row], block.Versions[row]));
        foreach (var group in groups)
        {
            var (tenant, model, version) = group.Key;
            ReferenceProfile? reference;
            try
            {
                reference = await references.GetAsync(tenant, model, version, context.CancellationToken);
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning(ex, "{Rows} logged rows of {Model} version {Version} wait for the registry to be counted", group.Count(), model, version);
                asRows ??= context.Message.Read();
                await WaitingRows.AddAsync(connection, transaction, tenant, model, version, [.. group.Select(row => asRows[row])], context.CancellationToken);
                continue;
            }

            if (reference is null)
            {
                logger.LogWarning("{Rows} logged rows of {Model} version {Version} are not counted: the registry has no such version",
                    group.Count(), model, version);
                continue;
            }

            RowBinner.Count(counts, reference, block, group, options.Value.BucketOf);
        }

        if (counts.Count > 0)
        {
            await CountStore.AddAsync(connection, transaction, counts, context.CancellationToken);
        }
    }
}