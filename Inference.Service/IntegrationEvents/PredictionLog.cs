using System.Diagnostics.Metrics;
using System.Threading.Channels;

using Microsoft.Extensions.Options;

using MlOps.Inference.Service.Infrastructure;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// The hand-off between the request path and the prediction-log batcher: a request queues its scored rows and never
/// waits, and every row queued is logged. What bounds the log is admission: <see cref="IsFull"/> tells a request not
/// to be scored, once the rows held in memory are past their bounds and the spill folder takes no more.
/// </summary>
public sealed class PredictionLog
{
    private static readonly TimeSpan MinRetryAfter = TimeSpan.FromSeconds(1);

    private readonly Channel<ScoredBatch> _queue = Channel.CreateUnbounded<ScoredBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SpillFolder _spill;
    private readonly long _memoryBound;
    private readonly int _batchRows;
    private long _queuedRows;
    private long _heldRows;
    private long _nextPublishTicks;
    private TaskCompletionSource? _batchWaiter;

    public PredictionLog(SpillFolder spill, IOptions<InferenceOptions> options, IMeterFactory meters)
    {
        _spill = spill;
        _memoryBound = (long)options.Value.LogQueueRows + options.Value.LogPendingRows;
        _batchRows = options.Value.LogBatchSize;
        InferenceMetrics.ObserveLogBacklog(meters, () => QueuedRows, () => HeldRows, () => spill.Bytes);
    }

    public ChannelReader<ScoredBatch> Reader => _queue.Reader;

    /// <summary>Rows queued by requests, not yet taken by the batcher.</summary>
    public long QueuedRows => Interlocked.Read(ref _queuedRows);

    /// <summary>Rows the batcher holds in memory: filling, sealed and waiting, or being published.</summary>
    public long HeldRows => Interlocked.Read(ref _heldRows);

    /// <summary>
    /// The log can take no more requests: the rows in memory passed <see cref="InferenceOptions.LogQueueRows"/> plus
    /// <see cref="InferenceOptions.LogPendingRows"/>, and the spill folder is full or cannot be written.
    /// </summary>
    public bool IsFull => QueuedRows + HeldRows > _memoryBound && _spill.IsFull;

    /// <summary>When a refused caller may try again: the batcher's next publish attempt, and never sooner than a second.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            var untilNextPublish = new DateTime(Interlocked.Read(ref _nextPublishTicks), DateTimeKind.Utc) - DateTime.UtcNow;
            return untilNextPublish > MinRetryAfter ? untilNextPublish : MinRetryAfter;
        }
    }

    /// <summary>Queues a request's scored rows. Always taken: a request admitted is logged.</summary>
    public void Write(ScoredBatch batch)
    {
        var queued = Interlocked.Add(ref _queuedRows, batch.Rows);
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
            if (QueuedRows < _batchRows)
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

    /// <summary>The batcher's account of what it holds in memory and when it will next try to publish.</summary>
    public void Holding(long rows, DateTime nextPublish)
    {
        Interlocked.Exchange(ref _heldRows, rows);
        Interlocked.Exchange(ref _nextPublishTicks, nextPublish.Ticks);
    }
}