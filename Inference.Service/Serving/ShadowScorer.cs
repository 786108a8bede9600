using System.Diagnostics;
using System.Threading.Channels;

using Microsoft.Extensions.Options;

using MlOps.Inference.Service.IntegrationEvents;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// Scores requests with the challenger in shadow, off the request path, and logs its rows with the route "shadow";
/// its answers are never returned. When its queue is full, or the challenger's schema cannot read the champion's
/// rows, the request is skipped and counted.
/// </summary>
public sealed class ShadowScorer(PredictionLog log, IOptions<InferenceOptions> options, ILogger<ShadowScorer> logger) : BackgroundService
{
    private readonly Channel<ShadowRequest> _queue = Channel.CreateBounded<ShadowRequest>(
        new BoundedChannelOptions(options.Value.ShadowQueueRequests) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues the rows the champion answered, read with <paramref name="source"/>'s schema, for the challenger.</summary>
    public void Enqueue(LoadedModel challenger, InputSchema source, RequestTable table)
    {
        if (!_queue.Writer.TryWrite(new ShadowRequest(challenger, source, table)))
        {
            InferenceMetrics.ShadowSkipped(challenger.Key);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                Score(request);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Score(ShadowRequest request)
    {
        var challenger = request.Challenger;
        if (challenger.Inputs.Project(request.Table, request.Source) is not { } table)
        {
            InferenceMetrics.ShadowSkipped(challenger.Key);
            logger.LogDebug("{Tenant}/{Model} v{Version} cannot read the champion's rows; shadow scoring skipped",
                challenger.Key.Tenant, challenger.Key.Name, challenger.Version);
            return;
        }

        try
        {
            var scored = challenger.Score(table, ServingNames.ShadowRoute, Stopwatch.GetTimestamp());
            InferenceMetrics.Scored(scored);
            log.Write(scored);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Tenant}/{Model} v{Version} failed to score in shadow", challenger.Key.Tenant, challenger.Key.Name, challenger.Version);
        }
    }

    private sealed record ShadowRequest(LoadedModel Challenger, InputSchema Source, RequestTable Table);
}