using MassTransit;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Inference.Service.Infrastructure;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// Publishes logged rows as <see cref="PredictionsLogged"/> batches, cut by size or after a short interval. Each
/// publish is time-bounded, because a publish can hang while the broker is away. Batches the broker did not take wait
/// in memory and are retried with back-off; beyond a bound the oldest are spilled to the spill folder and replayed
/// first once the broker is back. A batch keeps its id as the message id, so a replay that doubles one is recognisable.
/// </summary>
public sealed class PredictionLogPublisher(
    PredictionLog log, IBus bus, SpillFolder spill, IOptions<InferenceOptions> options, ILogger<PredictionLogPublisher> logger)
    : BackgroundService
{
    private const int MaxBatchesPerRound = 20;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly InferenceOptions _options = options.Value;
    private readonly Queue<PendingBatch> _pending = new();
    private long _pendingRows;
    private readonly Dictionary<(ModelKey Model, int Version), Filling> _filling = [];
    private DateTime _nextAttempt = DateTime.MinValue;
    private int _failures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Take(MaxBatchesPerRound);
            SealDue(DateTime.UtcNow);

            if (DateTime.UtcNow >= _nextAttempt && (_pending.Count > 0 || spill.HasBatches))
            {
                try
                {
                    await DeliverAsync(MaxBatchesPerRound, replaySpilled: true, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }

            SpillOverflow(_options.LogPendingRows);
            await WaitAsync(stoppingToken);
        }

        // Stopping: what was served is published if the broker takes it now, and kept on disk if not.
        Take(int.MaxValue);
        SealDue(DateTime.MaxValue);
        if (_failures == 0)
        {
            await DeliverAsync(int.MaxValue, replaySpilled: false, CancellationToken.None);
        }

        SpillOverflow(0);
    }

    /// <summary>
    /// Moves scored rows from the queue into blocks, one filling per model version so each block holds one version's
    /// rows, until <paramref name="maxBatches"/> blocks were sealed.
    /// </summary>
    private void Take(int maxBatches)
    {
        var sealedBefore = _pending.Count;
        while (_pending.Count - sealedBefore < maxBatches && log.Reader.TryRead(out var scored))
        {
            log.Taken(scored);
            var key = (scored.Model.Key, scored.Model.Version);
            for (var row = 0; row < scored.Rows;)
            {
                if (!_filling.TryGetValue(key, out var filling))
                {
                    _filling[key] = filling = new Filling(new PredictionBatchWriter(), DateTime.UtcNow + _options.LogFlushInterval);
                }

                var count = Math.Min(scored.Rows - row, _options.LogBatchSize - filling.Writer.Count);
                LoggedPredictions.Append(scored, row, count, filling.Writer);
                row += count;
                if (filling.Writer.Count >= _options.LogBatchSize)
                {
                    Seal(key, filling);
                }
            }
        }
    }

    /// <summary>Seals the blocks whose deadline is at or before <paramref name="now"/>.</summary>
    private void SealDue(DateTime now)
    {
        foreach (var (key, filling) in _filling.Where(pair => pair.Value.Deadline <= now).ToList())
        {
            Seal(key, filling);
        }
    }

    private void Seal((ModelKey, int) key, Filling filling)
    {
        _filling.Remove(key);
        _pending.Enqueue(new PendingBatch(Guid.CreateVersion7(), filling.Writer.ToMessage(), filling.Writer.Count));
        _pendingRows += filling.Writer.Count;
    }

    /// <summary>Publishes spilled batches (the oldest) first, then waiting ones, until one fails.</summary>
    private async Task DeliverAsync(int maxBatches, bool replaySpilled, CancellationToken cancellationToken)
    {
        for (var delivered = 0; delivered < maxBatches; delivered++)
        {
            if (replaySpilled && spill.HasBatches)
            {
                var (id, batch) = spill.PeekOldest();
                if (batch is not null && !await PublishAsync(id, batch, cancellationToken))
                {
                    return;
                }

                spill.RemoveOldest();
            }
            else if (_pending.TryPeek(out var pending))
            {
                if (!await PublishAsync(pending.Id, pending.Batch, cancellationToken))
                {
                    return;
                }

                _pending.Dequeue();
                _pendingRows -= pending.Rows;
            }
            else
            {
                return;
            }
        }
    }

    private async Task<bool> PublishAsync(Guid id, PredictionsLogged batch, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PublishTimeout);
            await bus.Publish(batch, context => context.MessageId = id, timeout.Token).WaitAsync(_options.PublishTimeout, cancellationToken);
            _failures = 0;
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _failures++;
            var backoff = TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, _failures), MaxBackoff.TotalMilliseconds));
            _nextAttempt = DateTime.UtcNow + backoff;
            logger.LogWarning("Could not publish prediction-log batch {Batch} (attempt {Attempt}): {Error}; next try in {Backoff}",
                id, _failures, ex.Message, backoff);
            return false;
        }
    }

    /// <summary>Spills the oldest waiting batches to disk while more than <paramref name="maxRows"/> rows wait.</summary>
    private void SpillOverflow(long maxRows)
    {
        while (_pendingRows > maxRows && _pending.TryDequeue(out var oldest))
        {
            var rows = oldest.Rows;
            _pendingRows -= rows;
            if (spill.TryWrite(oldest.Id, oldest.Batch))
            {
                InferenceMetrics.LogRowsSpilled(rows);
                continue;
            }

            logger.LogError("Dropped {Rows} logged predictions: the broker is unreachable and the spill folder is full or unusable", rows);
            foreach (var model in oldest.Batch.Read().GroupBy(row => new ModelKey(row.Tenant, row.Model)))
            {
                log.Dropped(model.Key, model.Count());
            }
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        DateTime? wake = _filling.Count > 0 ? _filling.Values.Min(filling => filling.Deadline) : null;
        if ((_pending.Count > 0 || spill.HasBatches) && (wake is null || _nextAttempt < wake))
        {
            wake = _nextAttempt;
        }

        var now = DateTime.UtcNow;
        if (wake <= now)
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        if (wake is { } at)
        {
            wait.CancelAfter(at - now);
        }

        try
        {
            // A batch that is filling is sealed at its deadline, or sooner once a whole batch waits in the queue.
            if (_filling.Count > 0)
            {
                await log.WhenBatchQueuedAsync(wait.Token);
            }
            else
            {
                await log.Reader.WaitToReadAsync(wait.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record PendingBatch(Guid Id, PredictionsLogged Batch, int Rows);

    private sealed record Filling(PredictionBatchWriter Writer, DateTime Deadline);
}