using System.Diagnostics.Metrics;
using System.Threading.Channels;

using Microsoft.Extensions.Options;

using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// The hand-off between the request path and the prediction-log batcher: a request queues its scored rows and never
/// waits. The queue is bounded in rows; rows past the bound are dropped and counted, per model and as a metric.
/// </summary>
public sealed class PredictionLog
{
    private readonly Channel<ScoredBatch> _queue = Channel.CreateUnbounded<ScoredBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ModelCatalog _catalog;
    private readonly int _bound;
    private readonly int _batchRows;
    private long _queuedRows;
    private TaskCompletionSource? _batchWaiter;

    public PredictionLog(ModelCatalog catalog, IOptions<InferenceOptions> options, IMeterFactory meters)
    {
        _catalog = catalog;
        _bound = options.Value.LogQueueRows;
        _batchRows = options.Value.LogBatchSize;
        InferenceMetrics.ObserveLogQueue(meters, () => Interlocked.Read(ref _queuedRows));
    }

    public ChannelReader<ScoredBatch> Reader => _queue.Reader;

    public void Write(ScoredBatch batch)
    {
        var queued = Interlocked.Add(ref _queuedRows, batch.Rows);
        if (queued > _bound)
        {
            Interlocked.Add(ref _queuedRows, -batch.Rows);
            Dropped(batch.Model.Key, batch.Rows);
            return;
        }

        _queue.Writer.TryWrite(batch);
        if (queued >= _batchRows && Volatile.Read(ref _batchWaiter) is { } waiter
            && Interlocked.CompareExchange(ref _batchWaiter, null, waiter) == waiter)
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>
    /// Completes once the queue holds a whole log batch of rows. The batcher waits on this rather than on every row
    /// while a batch is filling: rows arriving one request at a time would otherwise wake it once per request.
    /// </summary>
    public async Task WhenBatchQueuedAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _batchWaiter, waiter);
        try
        {
            if (Interlocked.Read(ref _queuedRows) < _batchRows)
            {
                await waiter.Task.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref _batchWaiter, null, waiter);
        }
    }

    /// <summary>The batcher took a scored batch off the queue.</summary>
    public void Taken(ScoredBatch batch) => Interlocked.Add(ref _queuedRows, -batch.Rows);

    /// <summary>Rows of the model that will never be logged.</summary>
    public void Dropped(ModelKey key, long rows)
    {
        InferenceMetrics.LogRowsDropped(key, rows);
        _catalog.Find(key)?.CountDroppedLogRows(rows);
    }
}