using System.Threading.Channels;

using Microsoft.Extensions.Options;

using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// The hand-off between the request path and the prediction-log batcher: a request queues its scored rows and never
/// waits. The queue is bounded in rows; rows past the bound are dropped and counted, per model and as a metric.
/// </summary>
public sealed class PredictionLog(ModelCatalog catalog, IOptions<InferenceOptions> options)
{
    private readonly Channel<ScoredBatch> _queue = Channel.CreateUnbounded<ScoredBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _bound = options.Value.LogQueueRows;
    private long _queuedRows;

    public ChannelReader<ScoredBatch> Reader => _queue.Reader;

    public void Write(ScoredBatch batch)
    {
        if (Interlocked.Add(ref _queuedRows, batch.Rows) > _bound)
        {
            Interlocked.Add(ref _queuedRows, -batch.Rows);
            Dropped(batch.Model.Key, batch.Rows);
            return;
        }

        _queue.Writer.TryWrite(batch);
    }

    /// <summary>The batcher took a scored batch off the queue.</summary>
    public void Taken(ScoredBatch batch) => Interlocked.Add(ref _queuedRows, -batch.Rows);

    /// <summary>Rows of the model that will never be logged.</summary>
    public void Dropped(ModelKey key, long rows)
    {
        InferenceMetrics.LogRowsDropped(key, rows);
        catalog.Find(key)?.CountDroppedLogRows(rows);
    }
}