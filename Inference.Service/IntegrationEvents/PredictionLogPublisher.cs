using MassTransit;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Inference.Service.Infrastructure;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// Publishes logged rows as <see cref="PredictionsLogged"/> batches, cut by size or after a short interval. One batch
/// is published at a time, time-bounded because a publish can hang while the broker is away, and batching goes on
/// meanwhile. Sealed batches wait in memory; whenever more than <see cref="InferenceOptions.LogPendingRows"/> rows wait
/// (the broker is away, or merely slower than serving) the oldest are spilled to the spill folder. Delivery is oldest
/// first: spilled batches are replayed before the ones in memory, while new ones keep coming. A batch keeps its id as
/// the message id, so a replay that doubles one is recognisable. Nothing taken from the log is dropped: a batch the
/// spill folder cannot take stays in memory, and <see cref="PredictionLog.IsFull"/> then refuses new requests.
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
    private OutgoingBatch? _outgoing;
    private Task<Exception?>? _publishing;

    /// <summary>Rows taken from the queue that are still in memory.</summary>
    private long HeldRows => _filling.Values.Sum(filling => filling.Writer.Count) + _pendingRows + (_outgoing is { Spilled: false } outgoing ? outgoing.Rows : 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Take(MaxBatchesPerRound);
            SealDue(DateTime.UtcNow);

            if (_publishing is { IsCompleted: true } published)
            {
                Delivered(await published);
            }

            if (_publishing is null && DateTime.UtcNow >= _nextAttempt && NextOutgoing() is { } next)
            {
                _publishing = PublishAsync(next);
            }

            SpillOverflow();
            log.Holding(HeldRows, _nextAttempt);
            await WaitAsync(stoppingToken);
        }

        await FlushOnStopAsync();
    }

    /// <summary>
    /// Stopping: what was served is published if the broker takes it within one publish timeout, and kept on disk if
    /// not, past the spill folder's bound if need be.
    /// </summary>
    private async Task FlushOnStopAsync()
    {
        if (_publishing is { } publishing)
        {
            Delivered(await publishing);
        }

        Take(int.MaxValue);
        SealDue(DateTime.MaxValue);
        var deadline = DateTime.UtcNow + _options.PublishTimeout;
        while (_failures == 0 && DateTime.UtcNow < deadline && NextOutgoing(replaySpilled: false) is { } next)
        {
            Delivered(await PublishAsync(next));
        }

        if (_outgoing is { Spilled: false } outgoing)
        {
            Keep(outgoing.Id, outgoing.Batch, outgoing.Rows);
            _outgoing = null;
        }

        while (_pending.TryDequeue(out var pending))
        {
            _pendingRows -= pending.Rows;
            Keep(pending.Id, pending.Batch, pending.Rows);
        }

        log.Holding(HeldRows, _nextAttempt);
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

    /// <summary>
    /// The batch to publish now: the one whose publish failed last, else the oldest spilled one, else the oldest
    /// waiting in memory; null when nothing waits.
    /// </summary>
    private OutgoingBatch? NextOutgoing(bool replaySpilled = true)
    {
        if (_outgoing is null && replaySpilled && spill.ReadOldest() is { } spilled)
        {
            _outgoing = new OutgoingBatch(spilled.Id, spilled.Batch, 0, Spilled: true);
        }
        else if (_outgoing is null && _pending.TryDequeue(out var pending))
        {
            _pendingRows -= pending.Rows;
            _outgoing = new OutgoingBatch(pending.Id, pending.Batch, pending.Rows, Spilled: false);
        }

        return _outgoing;
    }

    private async Task<Exception?> PublishAsync(OutgoingBatch outgoing)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.PublishTimeout);
            await bus.Publish(outgoing.Batch, context => context.MessageId = outgoing.Id, timeout.Token).WaitAsync(timeout.Token);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private void Delivered(Exception? error)
    {
        _publishing = null;
        var outgoing = _outgoing!;
        if (error is null)
        {
            if (outgoing.Spilled)
            {
                spill.RemoveOldest();
            }

            _outgoing = null;
            _failures = 0;
            _nextAttempt = DateTime.MinValue;
            return;
        }

        // A spilled batch is read again from its file; one from memory is retried first, as the oldest.
        if (outgoing.Spilled)
        {
            _outgoing = null;
        }

        _failures++;
        var backoff = TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, _failures), MaxBackoff.TotalMilliseconds));
        _nextAttempt = DateTime.UtcNow + backoff;
        logger.LogWarning("Could not publish prediction-log batch {Batch} (attempt {Attempt}): {Error}; next try in {Backoff}",
            outgoing.Id, _failures, error.Message, backoff);
    }

    /// <summary>
    /// Spills the oldest waiting batches while more than <see cref="InferenceOptions.LogPendingRows"/> rows wait in
    /// memory. A batch the folder does not take stays where it is, and so do the newer ones. While a full folder has
    /// batches to replay, writing is not tried again until one was replayed.
    /// </summary>
    private void SpillOverflow()
    {
        if (spill.IsFull && spill.HasBatches)
        {
            return;
        }

        while (_pendingRows > _options.LogPendingRows && _pending.TryPeek(out var oldest) && spill.TryWrite(oldest.Id, oldest.Batch))
        {
            _pending.Dequeue();
            _pendingRows -= oldest.Rows;
            InferenceMetrics.LogRowsSpilled(oldest.Rows);
        }
    }

    /// <summary>Writes a batch to the spill folder at shutdown, whatever its bound.</summary>
    private void Keep(Guid id, PredictionsLogged batch, int rows)
    {
        if (spill.TryWrite(id, batch, withinBound: false))
        {
            InferenceMetrics.LogRowsSpilled(rows);
            return;
        }

        logger.LogCritical("Prediction-log batch {Batch} of {Rows} served rows could neither be published nor written to the spill folder before shutdown",
            id, rows);
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        DateTime? wake = _filling.Count > 0 ? _filling.Values.Min(filling => filling.Deadline) : null;
        if (_publishing is null && (_outgoing is not null || _pending.Count > 0 || spill.HasBatches) && (wake is null || _nextAttempt < wake))
        {
            wake = _nextAttempt;
        }

        var now = DateTime.UtcNow;
        if (wake <= now || _publishing is { IsCompleted: true })
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        if (wake is { } at)
        {
            wait.CancelAfter(at - now);
        }

        // A batch that is filling is sealed at its deadline, or sooner once a whole batch waits in the queue.
        var queued = _filling.Count > 0 ? log.WhenBatchQueuedAsync(wait.Token) : log.Reader.WaitToReadAsync(wait.Token).AsTask();
        if (_publishing is { } publishing)
        {
            await Task.WhenAny(queued, publishing);
            await wait.CancelAsync();
        }

        try
        {
            await queued;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record PendingBatch(Guid Id, PredictionsLogged Batch, int Rows);

    /// <summary>The batch being published, or to be retried first; <see cref="Rows"/> counts only one held in memory.</summary>
    private sealed record OutgoingBatch(Guid Id, PredictionsLogged Batch, int Rows, bool Spilled);

    private sealed record Filling(PredictionBatchWriter Writer, DateTime Deadline);
}