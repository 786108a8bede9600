using MassTransit;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.Monitoring.Service.IntegrationEvents;

/// <summary>
/// Counts each logged row into its version's reference bins: every input feature, the prediction and the latency,
/// per time bucket. A redelivered batch is dropped by its message id, so each row is counted once. Rows of a version
/// the registry does not know are not counted (there is nothing to compare them with) and are logged.
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
        foreach (var group in context.Message.Predictions.GroupBy(row => (row.Tenant, row.Model, row.Version)))
        {
            var (tenant, model, version) = group.Key;
            var reference = await references.GetAsync(tenant, model, version, context.CancellationToken);
            if (reference is null)
            {
                logger.LogWarning("{Rows} logged rows of {Model} version {Version} are not counted: the registry has no such version",
                    group.Count(), model, version);
                continue;
            }

            foreach (var row in group)
            {
                var bucket = options.Value.BucketOf(row.ServedAt);
                void Count(Series series, string feature, short bin)
                {
                    var key = new BinKey(tenant, model, version, bucket, series, feature, bin);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }

                foreach (var feature in reference.Features)
                {
                    Count(Series.Feature, feature.Name, row.Inputs.TryGetValue(feature.Name, out var value) ? feature.BinOf(value) : FeatureBinning.Missing);
                }

                if (reference.Prediction is { } prediction)
                {
                    Count(Series.Prediction, "", reference.IsRegression
                        ? row.Value is { } predicted ? prediction.BinOf(predicted) : FeatureBinning.Missing
                        : row.Label is { } label ? prediction.BinOf(label) : FeatureBinning.Missing);
                }

                Count(Series.Latency, "", LatencyBins.BinOf(row.LatencyMs));
            }
        }

        if (counts.Count > 0)
        {
            await CountStore.AddAsync(connection, transaction, counts, context.CancellationToken);
        }
    }
}